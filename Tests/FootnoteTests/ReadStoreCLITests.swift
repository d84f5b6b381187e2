import Foundation
import Testing
import TestSupport

/// `--read-store` on the command line: only beside a PostgreSQL `--store`, a PostgreSQL URL itself, in the
/// store's schema; a search through it gives the primary's passages.
@Suite("footnote --read-store")
struct ReadStoreCLITests {
    @Test("--read-store without --store, with --index, not PostgreSQL, or naming another schema: one clear error")
    func refusedCombinations() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let workspace = try CLITests.Workspace()
        let replica = "postgres://footnote@127.0.0.1:1/footnote"
        // FOOTNOTE_STORE from the caller's environment would make the first case valid.
        let clean = ["FOOTNOTE_STORE": "", "FOOTNOTE_READ_STORE": ""]
        let alone = try FootnoteBinary.run(["search", "x", "--read-store", replica], in: workspace.directory.url, environment: clean)
        #expect(alone.status != 0 && alone.stderr.contains("--read-store"), "\(alone.stderr)")
        let withIndex = try FootnoteBinary.run(
            ["search", "x", "--index", workspace.index, "--read-store", replica], in: workspace.directory.url, environment: clean)
        #expect(withIndex.status != 0 && withIndex.stderr.contains("pass --store"), "\(withIndex.stderr)")
        let notPostgres = try FootnoteBinary.run(
            ["search", "x", "--store", "postgres://footnote@127.0.0.1:1/footnote", "--read-store", "http://replica/db"],
            in: workspace.directory.url, environment: clean)
        #expect(notPostgres.status != 0 && notPostgres.stderr.contains("not a PostgreSQL URL"), "\(notPostgres.stderr)")
    }

    @Test("add on the primary, search through the replica: the same passages; a read store in another schema is refused")
    func searchThroughReplica() throws {
        guard let primary = PostgresServer.url,
              let replica = ProcessInfo.processInfo.environment["FOOTNOTE_PG_REPLICA_URL"], !replica.isEmpty else {
            if ModelLocation.isCI { Issue.record("CI is set but FOOTNOTE_PG_URL or FOOTNOTE_PG_REPLICA_URL is not: \(PostgresServer.skipReason)") }
            try Test.cancel("\(PostgresServer.skipReason) (and FOOTNOTE_PG_REPLICA_URL)")
        }
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let workspace = try CLITests.Workspace()
        let store = primary + "?schema=" + PostgresServer.freshSchema("clitest")
        let added = try FootnoteBinary.run(["add", workspace.docs, "--store", store], in: workspace.directory.url)
        #expect(added.status == 0, "\(added.stderr)")
        let onPrimary = try FootnoteBinary.run(["search", "checkpoint", "--mode", "lexical", "--json", "--store", store],
                                               in: workspace.directory.url)
        var onReplica = onPrimary
        for _ in 0..<50 {  // the replica replays in milliseconds; a few tries cover a slow machine
            onReplica = try FootnoteBinary.run(
                ["search", "checkpoint", "--mode", "lexical", "--json", "--store", store, "--read-store", replica], in: workspace.directory.url)
            if onReplica.stdout == onPrimary.stdout { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(onReplica.status == 0, "\(onReplica.stderr)")
        #expect(onReplica.stdout == onPrimary.stdout && onPrimary.stdout.contains("checkpoint"))
        #expect(!onReplica.stderr.contains("Read store failed"), "the replica answered: \(onReplica.stderr)")

        let otherSchema = try FootnoteBinary.run(
            ["search", "checkpoint", "--store", store, "--read-store", replica + "?schema=elsewhere"], in: workspace.directory.url)
        #expect(otherSchema.status != 0 && otherSchema.stderr.contains("schema 'elsewhere'"), "\(otherSchema.stderr)")
    }
}
