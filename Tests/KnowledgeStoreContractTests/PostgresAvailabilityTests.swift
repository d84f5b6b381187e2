import Foundation
import Testing
import TestSupport

/// Says why the PostgreSQL store's contract tests did not run, and refuses to let CI skip them silently.
@Suite("PostgreSQL availability")
struct PostgresAvailabilityTests {
    static let howToStart = "start the local cluster with `make pg-start`, then `source <(bash scripts/pg-cluster.sh urls)` "
        + "to set FOOTNOTE_PG_URL"

    @Test("The PostgreSQL contract runs when FOOTNOTE_PG_URL is set; skipped locally without it, a failure in CI")
    func postgresIsConfigured() throws {
        guard StoreBackend.postgresURL == nil else { return }
        if ModelLocation.isCI {
            Issue.record("CI is set but FOOTNOTE_PG_URL is not: the PostgreSQL store went untested; \(Self.howToStart)")
            return
        }
        try Test.cancel("FOOTNOTE_PG_URL is not set, so the contract ran against SQLite only; \(Self.howToStart)")
    }
}
