import FootnoteCore
import KnowledgeStore

extension KnowledgeBase {
    /// Whether the store answers and, with a read store, whether the replica answers and how far it lags
    /// (for `/healthz`); a failure is reported in the value, never thrown.
    public func storeHealth() -> StoreHealth {
        store.health()
    }
}
