import Foundation
import FootnoteCore
import Logging

/// A hot standby (streaming replica) that serves a `PostgresStore`'s searches: its own pool of connections,
/// and a memory of its last failure so that searches stop knocking at a replica that is down.
///
/// Only reads that may be a little behind go here (the search path); a writer reads its own writes from the
/// primary. When the replica fails, searches go to the primary for `restInterval` before it is tried again,
/// so an outage costs one failed attempt per interval instead of one per search (and one connect timeout at
/// most: `connect_timeout` defaults to `defaultConnectTimeout` seconds unless the URL sets it).
final class PostgresReplica: @unchecked Sendable {
    // `pool` and `logger` never change; `failedAt` is a `LockedValue` (its own lock).
    /// Seconds searches stay on the primary after the replica failed.
    static let restInterval: TimeInterval = 5
    /// Seconds libpq waits for the replica to accept a connection when its URL does not say (libpq's own
    /// default waits forever, which would hold a search as long as the network drops packets).
    static let defaultConnectTimeout = 3
    /// The URL without its password.
    let location: String
    private let pool: PostgresConnectionPool
    private let logger: Logger
    /// When the replica last failed; nil while it answers.
    private let failedAt = LockedValue<Date?>(nil)

    /// A replica at `url` read with the primary's `schema` (the URL's own `schema=` parameter is dropped: the
    /// command line checks that it names the same one; `vector_index_above=` is the primary URL's to set).
    /// Connects lazily, on the first search.
    init(url fullURL: String, schema: String?, logger: Logger) throws {
        let given = PostgresURL.splittingParameter(PostgresStore.vectorIndexParameter, from: PostgresURL.splittingSchema(fullURL).url).url
        location = PostgresURL.redacted(given)
        let url = Self.withConnectTimeout(given)
        self.logger = logger
        pool = PostgresConnectionPool(url: url, maximumConnections: PostgresStore.maximumConnections) {
            try PostgresStore.configure($0, schema: schema)
        }
    }

    /// Whether searches should try the replica now: it answers, or it rested long enough since it failed.
    var isWorthTrying: Bool {
        failedAt.withLock { $0.map { Date().timeIntervalSince($0) >= Self.restInterval } ?? true }
    }

    /// Runs `body` on a replica connection.
    func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try pool.withConnection(body)
    }

    /// Notes that the replica answered; logs when that ends an outage.
    func recordSuccess() {
        let recovered = failedAt.withLock { failed -> Bool in
            defer { failed = nil }
            return failed != nil
        }
        if recovered { logger.info("Read store answers again; searches read from it", metadata: ["store.read": "\(location)"]) }
    }

    /// Notes that the replica failed; logs the first failure of an outage (at warning), not each search's.
    func recordFailure(_ error: any Error) {
        let first = failedAt.withLock { failed -> Bool in
            defer { failed = Date() }
            return failed == nil
        }
        if first {
            logger.warning("Read store failed; searches read from the primary until it answers again", metadata: [
                "store.read": "\(location)", "error": "\(error)", "retry.seconds": "\(Self.restInterval)",
            ])
        }
    }

    /// Whether the replica answers, and its replay lag: 0 when it has replayed everything it received, else the
    /// age of the last transaction it replayed (an upper bound: after a long idle spell on the primary, the
    /// first new write shows the whole spell until it is replayed). NULL from a server that is not a standby.
    func health() -> StoreHealth.ReadStore {
        do {
            let rows = try withConnection { connection in
                try connection.query("""
                    SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                           ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END::float8
                    """)
            }
            let lag = try rows.first.flatMap { $0.isNull(0) ? nil : try $0.double(0) }
            return StoreHealth.ReadStore(
                location: location, answers: true, lagSeconds: lag,
                error: lag == nil ? "the read store is not a standby (it reports no replay position)" : nil)
        } catch {
            return StoreHealth.ReadStore(location: location, answers: false, error: "\(error)")
        }
    }

    /// `url` with `connect_timeout` set to `defaultConnectTimeout` unless it sets one (URL or key=value form).
    static func withConnectTimeout(_ url: String) -> String {
        guard !url.contains("connect_timeout") else { return url }
        return PostgresURL.adding("connect_timeout", "\(defaultConnectTimeout)", to: url)
    }
}
