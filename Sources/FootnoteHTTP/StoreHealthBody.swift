import FootnoteCore

/// The `store` object of `GET /healthz`: kind, whether it answers and, with a read store, the replica's
/// reachability and replay lag in seconds. `/healthz` needs no token, so neither the store's location (user,
/// host, port, schema) nor an error's text is shown: the server logs them.
struct StoreHealthBody: Encodable, Sendable {
    /// The replica searches read from.
    struct ReadStore: Encodable, Sendable {
        var answers: Bool
        var lagSeconds: Double?
    }

    var kind: String
    var answers: Bool
    var readStore: ReadStore?

    init(_ health: StoreHealth) {
        kind = health.kind.rawValue
        answers = health.answers
        readStore = health.readStore.map { ReadStore(answers: $0.answers, lagSeconds: $0.lagSeconds) }
    }
}
