/// Where a query goes before any retrieval.
public enum QueryRoute: String, Sendable, Hashable, Codable, CaseIterable {
    /// A question for the knowledge base: retrieve, gate, answer with citations.
    case knowledge
    /// Arithmetic or a unit conversion: the calculator answers exactly, no retrieval, no model.
    case calculator
    /// A greeting, thanks or chit-chat: a short reply, no retrieval.
    case smallTalk = "small_talk"
    /// The query names `fn:` citation ids: resolve them with `cite`.
    case citationLookup = "citation_lookup"
}

/// How much reasoning a knowledge question needs: picks the fast or the deliberate model.
public enum QueryDifficulty: String, Sendable, Hashable, Codable, CaseIterable {
    /// A short factual question: one fact, one passage.
    case simple
    /// Multi-part, comparative, causal or explanatory: several facts or reasoning over them.
    case complex
}

/// The router's verdict on one query, with its reason (shown by `--explain` and in JSON).
public struct RoutingDecision: Sendable, Hashable, Codable {
    public var route: QueryRoute
    public var difficulty: QueryDifficulty
    /// Why, in words: which rule matched.
    public var reason: String
    /// The calculator's result, for `.calculator`.
    public var calculation: CalculationResult?
    /// Why the calculator has no result, for `.calculator` ("Cannot evaluate '1/0': division by zero").
    public var calculationError: String?
    /// The citation ids found, for `.citationLookup`.
    public var citationIDs: [String]
    /// A reply for `.smallTalk`.
    public var reply: String?

    public init(
        route: QueryRoute, difficulty: QueryDifficulty = .simple, reason: String,
        calculation: CalculationResult? = nil, calculationError: String? = nil, citationIDs: [String] = [], reply: String? = nil
    ) {
        self.route = route
        self.difficulty = difficulty
        self.reason = reason
        self.calculation = calculation
        self.calculationError = calculationError
        self.citationIDs = citationIDs
        self.reply = reply
    }
}
