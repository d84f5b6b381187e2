import FootnoteCore
import KnowledgeStore

extension SearchIndex {
    /// The SQLite file answers when its migrations can be read; it has no read store.
    public func health() -> StoreHealth {
        do {
            _ = try appliedMigrations()
            return StoreHealth(kind: .sqlite, location: location, answers: true)
        } catch {
            return StoreHealth(kind: .sqlite, location: location, answers: false, error: "\(error)")
        }
    }
}
