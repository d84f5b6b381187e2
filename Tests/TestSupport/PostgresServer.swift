import Foundation

/// The PostgreSQL server the PostgreSQL store's tests use: `FOOTNOTE_PG_URL`, which `make test` sets after
/// starting the local cluster (scripts/pg-cluster.sh).
public enum PostgresServer {
    public static let url: String? = ProcessInfo.processInfo.environment["FOOTNOTE_PG_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Why the PostgreSQL tests did not run, and how to run them.
    public static let skipReason = "FOOTNOTE_PG_URL is not set: start the local cluster with `make pg-start`, then "
        + "`source <(bash scripts/pg-cluster.sh urls)` (make test does both); skipped outside CI"

    /// A schema name no other test uses: `prefix_` and 16 random hex digits (the cluster script drops
    /// `contract_`, `kbtest_` and `clitest_` schemas before each `make test`).
    public static func freshSchema(_ prefix: String) -> String {
        prefix + "_" + String(UInt64.random(in: .min ... .max), radix: 16)
    }
}
