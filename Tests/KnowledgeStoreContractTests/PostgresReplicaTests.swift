import FootnoteCore
import FootnotePostgres
import Foundation
import KnowledgeStore
import Testing
import TestSupport

/// A PostgreSQL store with a read store (`readURL`): searches read the streaming replica, everything else the
/// primary, and a replica that fails only degrades the store's health; searches fall back to the primary.
@Suite("PostgreSQL store with a read replica")
struct PostgresReplicaTests {
    /// The primary and the streaming replica of the local cluster (scripts/pg-cluster.sh).
    static func requireCluster() throws -> (primary: String, replica: String) {
        let environment = ProcessInfo.processInfo.environment
        if let primary = PostgresServer.url, let replica = environment["FOOTNOTE_PG_REPLICA_URL"], !replica.isEmpty {
            return (primary, replica)
        }
        if ModelLocation.isCI { Issue.record("CI is set but FOOTNOTE_PG_URL or FOOTNOTE_PG_REPLICA_URL is not: \(PostgresServer.skipReason)") }
        try Test.cancel("\(PostgresServer.skipReason) (and FOOTNOTE_PG_REPLICA_URL)")
    }

    /// Paths of the lexical top-k for `query`, best first.
    static func paths(_ store: PostgresStore, _ query: String) throws -> [String] {
        let matches = try store.lexicalSearch(LexicalQuery(query), limit: 10)
        return try store.hits(for: matches.map { ($0.chunkID, $0.score, nil) }, query: nil).map(\.path)
    }

    @Test("Searches read from the replica once it has replayed the write; health reports it and its lag")
    func searchesReadTheReplica() throws {
        let cluster = try Self.requireCluster()
        let application = "fnreplica_" + String(UInt32.random(in: .min ... .max), radix: 16)
        let schema = PostgresServer.freshSchema("contract")
        let store = try PostgresStore(url: cluster.primary, schema: schema, readURL: cluster.replica + "?application_name=\(application)")
        try store.writeVersion(ContractStore.input("/replicated.txt", ["zqxreplica travels by streaming replication"]))
        // A writer reads its own writes: the catalogue is the primary's.
        #expect(try store.documents().map(\.path) == ["/replicated.txt"])

        let deadline = Date().addingTimeInterval(5)
        var found: [String] = []
        while found.isEmpty, Date() < deadline {
            found = try Self.paths(store, "zqxreplica")
            if found.isEmpty { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(found == ["/replicated.txt"], "the replica replays the write within 5 s")
        let replica = try PostgresConnection(url: cluster.replica)
        let sessions = try replica.scalarInt("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [.text(application)])
        #expect((sessions ?? 0) >= 1, "the search ran on a replica connection")

        let health = store.health()
        #expect(health.kind == .postgres && health.answers && health.status == .ok, "\(health)")
        let readStore = try #require(health.readStore)
        #expect(readStore.answers, "\(readStore)")
        #expect(readStore.lagSeconds.map { $0 >= 0 } == true, "a standby reports its replay lag: \(readStore)")
    }

    @Test("A replica that refuses connections: searches fall back to the primary, health is degraded, no password shown")
    func refusingReplicaFallsBack() throws {
        let cluster = try Self.requireCluster()
        let store = try PostgresStore(
            url: cluster.primary, schema: PostgresServer.freshSchema("contract"),
            readURL: "postgres://footnote:sekret-word@127.0.0.1:1/footnote")
        try store.writeVersion(ContractStore.input("/fallback.txt", ["zqxfallback answered by the primary"]))
        for _ in 0..<3 { #expect(try Self.paths(store, "zqxfallback") == ["/fallback.txt"]) }
        #expect(try store.matchCounts([LexicalQuery("zqxfallback")], filter: SearchFilter()) == [1])

        let health = store.health()
        #expect(health.answers && health.status == .degraded, "\(health)")
        let readStore = try #require(health.readStore)
        #expect(!readStore.answers && readStore.lagSeconds == nil)
        #expect(readStore.location.contains("127.0.0.1:1"), "\(readStore.location)")
        #expect(!"\(health)".contains("sekret-word"), "never the password: \(health)")
    }

    @Test("A read store without the store's tables (a schema not replicated yet): the search falls back to the primary")
    func missingSchemaFallsBack() throws {
        let cluster = try Self.requireCluster()
        // The primary's server, but its `postgres` database, where the schema does not exist: the read fails there.
        var components = try #require(URLComponents(string: cluster.primary))
        components.path = "/postgres"
        let store = try PostgresStore(
            url: cluster.primary, schema: PostgresServer.freshSchema("contract"), readURL: try #require(components.string))
        try store.writeVersion(ContractStore.input("/only-primary.txt", ["zqxschema exists on the primary"]))
        #expect(try Self.paths(store, "zqxschema") == ["/only-primary.txt"])
    }
}
