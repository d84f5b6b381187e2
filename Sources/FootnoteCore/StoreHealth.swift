import Foundation

/// How a knowledge base's store is doing, for `/healthz` and monitoring: which kind of store, where, whether
/// it answers, and, with a read store (a streaming replica serving searches), whether that answers and how far
/// it lags behind. A replica that fails degrades the store (searches fall back to the primary) but does not fail it.
public struct StoreHealth: Sendable, Hashable, Codable {
    /// Which implementation holds the knowledge base.
    public enum Kind: String, Sendable, Hashable, Codable {
        case sqlite, postgres, other
    }

    /// The overall verdict: `unavailable` when the store itself does not answer, `degraded` when only the read
    /// store does not (searches still work, from the primary), else `ok`.
    public enum Status: String, Sendable, Hashable, Codable {
        case ok, degraded, unavailable
    }

    /// The replica searches read from.
    public struct ReadStore: Sendable, Hashable, Codable {
        /// Its URL without the password.
        public var location: String
        /// Whether it answered the lag query.
        public var answers: Bool
        /// Seconds of the primary's history it has not replayed yet: 0 when it has replayed all it received,
        /// else the age of the last transaction it replayed (nil when it does not answer or is not a standby).
        public var lagSeconds: Double?
        /// Why it did not answer.
        public var error: String?

        public init(location: String, answers: Bool, lagSeconds: Double? = nil, error: String? = nil) {
            self.location = location
            self.answers = answers
            self.lagSeconds = lagSeconds
            self.error = error
        }
    }

    public var kind: Kind
    /// The file path, or the URL without its password (and the schema).
    public var location: String
    /// Whether the store (PostgreSQL: the primary) answered a read.
    public var answers: Bool
    /// Why it did not answer.
    public var error: String?
    /// The read store, when searches are routed to one.
    public var readStore: ReadStore?

    public init(kind: Kind, location: String, answers: Bool, error: String? = nil, readStore: ReadStore? = nil) {
        self.kind = kind
        self.location = location
        self.answers = answers
        self.error = error
        self.readStore = readStore
    }

    public var status: Status {
        if !answers { return .unavailable }
        return readStore?.answers == false ? .degraded : .ok
    }
}
