import FootnoteCore
import Grounding
import LanguageModels

/// A question as the front ends ask it, with every knob of the grounded-answer pipeline.
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
    public var extractive: ExtractiveAnswerer
    public var verifier: CitationVerifier
    /// Prompt budget in (estimated) tokens, and the answer's token cap.
    public var promptTokenBudget: Int
    public var maxAnswerTokens: Int
    /// Model for simple questions and model for complex ones; either may be nil. Neither: extractive answers.
    public var fastModel: (any LanguageModel)?
    public var deepModel: (any LanguageModel)?
    /// Receives the model's draft as it streams (citation markers included; see `CitationMarkerFilter`).
    public var onToken: (@Sendable (String) -> Void)?

    public init(
        question: String, sourceLimit: Int = 5, filter: SearchFilter = .init(), mode: SearchMode? = nil, strict: Bool = false,
        gate: EvidenceGate = .default, extractive: ExtractiveAnswerer = .default, verifier: CitationVerifier = .default,
        promptTokenBudget: Int = 1500, maxAnswerTokens: Int = 200,
        fastModel: (any LanguageModel)? = nil, deepModel: (any LanguageModel)? = nil, onToken: (@Sendable (String) -> Void)? = nil
    ) {
        self.question = question
        self.sourceLimit = sourceLimit
        self.filter = filter
        self.mode = mode
        self.strict = strict
        self.gate = gate
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
