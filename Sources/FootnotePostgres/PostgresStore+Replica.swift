import Foundation
import FootnoteCore
import KnowledgeStore

/// Routing the search path to the read store, and the store's health.
extension PostgresStore {
    /// Runs `body`, a read of the search path (lexical and vector ranking, match counts, hits), on the replica
    /// when the store has one and it is worth trying; on the primary otherwise, and when the replica fails
    /// (down, refusing, missing the schema that has not replicated yet, or cancelling a query that conflicts
    /// with recovery). A search therefore never fails because of the replica; it may only see the primary's
    /// newer data. An error that is the caller's (a query vector of another model) is not retried.
    func withReadConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        if let replica, replica.isWorthTrying {
            do {
                let result = try replica.withConnection(body)
                replica.recordSuccess()
                return result
            } catch let error as PostgresError {
                if case .embedderMismatch = error { throw error }
                replica.recordFailure(error)
            }
        }
        return try withConnection(body)
    }

    /// Whether the primary answers a read of the migrations, and the replica's reachability and replay lag.
    public func health() -> StoreHealth {
        var health = StoreHealth(kind: .postgres, location: location, answers: true, readStore: replica?.health())
        do {
            _ = try appliedMigrations()
        } catch {
            health.answers = false
            health.error = "\(error)"
        }
        return health
    }
}
