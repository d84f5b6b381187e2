import FootnoteCore
import Grounding
import LanguageModels

/// Which evidence gate `ask` answers behind.
public enum GateSource: String, Sendable, Hashable, Codable {
    /// The gate `footnote calibrate --self` stored in the index when it holds one, else the request's `gate`.
    case index
    /// The request's `gate` as it is (a gate file or `--threshold` was given; evaluations that must not
    /// depend on what an index holds).
    case given
}

/// A question as the front ends ask it (`gate`: nil for the gate fitted to the index by `calibrate --self`
/// when it holds one, else the shipped gate), with every knob of the grounded-answer pipeline.
public struct AskRequest: Sendable {
    public var question: String
    /// Passages retrieved and offered as numbered sources.
    public var sourceLimit: Int
    public var filter: SearchFilter
    /// nil: hybrid when the index has vectors, else lexical.
    public var mode: SearchMode?
    /// Drop sentences that no cited span supports.
    public var strict: Bool
    public var gate: EvidenceGate
    /// Whether the gate the index holds (fitted by `footnote calibrate --self`) replaces `gate`:
    /// `.index` when the request was made without a gate.
    public var gateSource: GateSource
    /// What `gate` is, for `--explain` ("the shipped gate", "gate file gate.json").
    public var gateDescription: String
    public var extractive: ExtractiveAnswerer
    public var verifier: CitationVerifier
    /// Prompt budget in (estimated) tokens, and the answer's token cap.
    public var promptTokenBudget: Int
    public var maxAnswerTokens: Int
    /// Model for simple questions and model for complex ones; either may be nil. Neither: extractive answers.
    public var fastModel: (any LanguageModel)?
    public var deepModel: (any LanguageModel)?
    /// With a model: the model reads instead of writing (`SentenceReader`): it names which of the best
    /// candidate sentences answers, and that sentence is quoted as an extractive answer is.
    public var reader: SentenceReader?
    /// Receives the model's draft as it streams (citation markers included; see `CitationMarkerFilter`).
    public var onToken: (@Sendable (String) -> Void)?

    public init(
        question: String, sourceLimit: Int = 5, filter: SearchFilter = .init(), mode: SearchMode? = nil, strict: Bool = false,
        gate: EvidenceGate? = nil, extractive: ExtractiveAnswerer = .default, verifier: CitationVerifier = .default,
        promptTokenBudget: Int = 1500, maxAnswerTokens: Int = 200,
        fastModel: (any LanguageModel)? = nil, deepModel: (any LanguageModel)? = nil, onToken: (@Sendable (String) -> Void)? = nil
    ) {
        self.question = question
        self.sourceLimit = sourceLimit
        self.filter = filter
        self.mode = mode
        self.strict = strict
        // No gate given: the one fitted to the index when it holds one, else the shipped gate.
        self.gate = gate ?? .default
        self.gateSource = gate == nil ? .index : .given
        self.gateDescription = gate == nil ? "the shipped gate" : "the gate given with the request"
        self.extractive = extractive
        self.verifier = verifier
        self.promptTokenBudget = promptTokenBudget
        self.maxAnswerTokens = maxAnswerTokens
        self.fastModel = fastModel
        self.deepModel = deepModel
        self.onToken = onToken
    }

    /// The model for a difficulty: the deliberate one for complex questions when configured, else whichever exists.
    func model(for difficulty: QueryDifficulty) -> (any LanguageModel)? {
        switch difficulty {
        case .simple: return fastModel ?? deepModel
        case .complex: return deepModel ?? fastModel
        }
    }
}
