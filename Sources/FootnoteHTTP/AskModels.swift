import FootnoteCore

/// How `ask` answers: the language models it may use (both nil gives extractive answers, no model
/// call) and the evidence gate it answers behind.
public struct AskModels: Sendable {
    /// Model for short factual questions.
    public var fast: (any LanguageModel)?
    /// Model for multi-part or reasoning questions.
    public var deep: (any LanguageModel)?
    /// The evidence gate (`footnote calibrate --write-gate` fits one); nil: the gate `calibrate --self`
    /// stored in the index when it holds one, else the shipped gate.
    public var gate: EvidenceGate?
    /// With a model: the model reads instead of writing (`ask --reader`).
    public var reader: SentenceReader?

    /// Models for simple and complex questions; either may be nil.
    public init(fast: (any LanguageModel)? = nil, deep: (any LanguageModel)? = nil, gate: EvidenceGate? = nil, reader: SentenceReader? = nil) {
        self.reader = reader
        self.fast = fast
        self.deep = deep
        self.gate = gate
    }

    /// No model: extractive answers only.
    public static let extractive = AskModels()
}

/// Bounds how many `ask` pipelines run at once (`--asks`): each keeps a core busy, and searches need the rest.
actor AskLimiter {
    nonisolated let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Answers being computed now.
    var active: Int { running }

    func release() {
        if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
    }
}
