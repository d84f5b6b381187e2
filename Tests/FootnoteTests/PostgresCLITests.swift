import Footnote
import FootnoteCore
import Foundation
import Testing
import TestSupport

/// The command line on a PostgreSQL store (`--store`): the same files give the same passages, scores and
/// citation ids as the SQLite file, and a bad store is a clear one-line error.
@Suite("The footnote command line on PostgreSQL")
struct PostgresCLITests {
    static func requireServer() throws -> String {
        if let url = PostgresServer.url { return url }
        if ModelLocation.isCI { Issue.record("CI is set but FOOTNOTE_PG_URL is not: \(PostgresServer.skipReason)") }
        try Test.cancel("\(PostgresServer.skipReason)")
    }

    /// CLITests' two documents, and a runner of the command line on a fresh schema of the server.
    static func workspaceOnPostgres() throws -> (CLITests.Workspace, ([String]) throws -> FootnoteBinary.Result) {
        let url = try requireServer()
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let workspace = try CLITests.Workspace()
        let store = url + "?schema=" + PostgresServer.freshSchema("clitest")
        return (workspace, { arguments in try FootnoteBinary.run(arguments + ["--store", store], in: workspace.directory.url) })
    }

    @Test("add, search, cite and stats give the SQLite file's passages, scores and citation ids")
    func sameAsSQLite() throws {
        let (workspace, onPostgres) = try Self.workspaceOnPostgres()
        let budget = ["--chunk-tokens", "24", "--chunk-overlap", "0"]
        #expect(try workspace.run(["add", workspace.docs] + budget).status == 0)
        let added = try onPostgres(["add", workspace.docs] + budget)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("2 added"))

        for query in ["readers block writers", "checkpoint pages", "\"write-ahead log\""] {
            let expected = try Self.hits(try workspace.run(["search", query, "--mode", "lexical", "--json"]))
            let actual = try Self.hits(try onPostgres(["search", query, "--mode", "lexical", "--json"]))
            #expect(!expected.isEmpty, "\(query) finds something")
            #expect(actual.map(\.citation) == expected.map(\.citation), "citation ids for \(query)")
            for (a, e) in zip(actual, expected) { #expect(abs(a.score - e.score) < 1e-6, "score for \(query)") }
        }
        let citation = try #require(try Self.hits(try onPostgres(["search", "readers", "--json"])).first?.citation)
        let cited = try onPostgres(["cite", citation, "--json"])
        #expect(cited.status == 0, "\(cited.stderr)")
        #expect(cited.stdout == (try workspace.run(["cite", citation, "--json"])).stdout, "the same view of the cited text")

        let stats = try onPostgres(["stats"])
        #expect(stats.stdout.contains("documents: 2"), "\(stats.stdout)")
        #expect(stats.stdout.contains("postgres://") && stats.stdout.contains("clitest_"), "stats names the store: \(stats.stdout)")
    }

    @Test("Two `footnote add` processes on one PostgreSQL store at once: one document and one version per file")
    func twoWriters() throws {
        let url = try Self.requireServer()
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-pg-writers")
        let paragraph = "Two machines add the same folder to one database at the same moment. "
        for number in 0..<30 {
            try directory.write("docs/note\(number).md", "# Note \(number)\n\n" + String(repeating: paragraph, count: 20) + "Marker narwhal\(number).")
        }
        let store = url + "?schema=" + PostgresServer.freshSchema("clitest")
        let arguments = ["add", directory.url.appendingPathComponent("docs").path, "--store", store, "--no-embed", "--json"]
        let writers = try [FootnoteBinary.start(arguments), FootnoteBinary.start(arguments)]
        let outputs = writers.map { ($0, PipeCollector($0.outputPipe), PipeCollector($0.errorPipe)) }
        for (running, _, errors) in outputs {
            running.process.waitUntilExit()
            #expect(running.process.terminationStatus == 0, "\(errors.text())")
        }
        let reports = try outputs.map { try JSONDecoder().decode(IngestReport.self, from: Data($0.1.text().utf8)) }
        #expect(reports.reduce(0) { $0 + $1.added + $1.updated } == 30, "each file stored once between the two")
        var configuration = FootnoteConfiguration()
        configuration.storeURL = store
        let knowledgeBase = try KnowledgeBase(configuration: configuration)
        let statistics = try knowledgeBase.statistics()
        #expect(statistics.documents == 30 && statistics.versions == 30, "\(statistics)")
        let hits = try knowledgeBase.search(SearchRequest(query: "narwhal17"))
        #expect(hits.first.map { ($0.path as NSString).lastPathComponent } == "note17.md")
    }

    @Test("A bare sync on a shared store keeps the documents of a remembered folder this machine does not have")
    func syncKeepsOtherMachinesFolders() throws {
        let (workspace, onPostgres) = try Self.workspaceOnPostgres()
        // Machine B's folder: added, then absent from "this machine".
        try workspace.directory.write("elsewhere/far.md", "# Far\n\nzqxfar documents added on another machine.")
        let elsewhere = workspace.directory.url.appendingPathComponent("elsewhere").path
        #expect(try onPostgres(["add", workspace.docs, elsewhere]).status == 0)
        try FileManager.default.removeItem(atPath: elsewhere)
        try FileManager.default.removeItem(atPath: workspace.docs + "/notes.txt")

        let sync = try onPostgres(["sync"])
        #expect(sync.status == 0, "an absent root of a shared store is not a failure: \(sync.stdout) \(sync.stderr)")
        #expect((sync.stdout + sync.stderr).contains("not on this machine"), "\(sync.stdout) \(sync.stderr)")
        #expect(sync.stdout.contains("1 removed"), "the file deleted from a folder this machine has is removed: \(sync.stdout)")
        let far = try Self.hits(try onPostgres(["search", "zqxfar", "--mode", "lexical", "--json"]))
        #expect(far.count == 1, "the other machine's document is kept")
    }

    @Test("A store that is not a PostgreSQL URL, both --index and --store, or an unreachable server: one clear error, no password shown")
    func badStores() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let workspace = try CLITests.Workspace()
        let notPostgres = try FootnoteBinary.run(["search", "x", "--store", "http://127.0.0.1/db"], in: workspace.directory.url)
        #expect(notPostgres.status != 0 && notPostgres.stderr.contains("not a PostgreSQL URL"), "\(notPostgres.stderr)")
        let both = try FootnoteBinary.run(
            ["search", "x", "--store", "postgres://a@127.0.0.1/db", "--index", workspace.index], in: workspace.directory.url)
        #expect(both.status != 0 && both.stderr.contains("not both"), "\(both.stderr)")
        let unreachable = try FootnoteBinary.run(
            ["search", "x", "--store", "postgres://footnote:sekret-word@127.0.0.1:1/footnote?connect_timeout=2"], in: workspace.directory.url)
        #expect(unreachable.status != 0)
        #expect(unreachable.stderr.contains("127.0.0.1:1"), "names the server: \(unreachable.stderr)")
        #expect(!unreachable.stderr.contains("sekret-word"), "never the password: \(unreachable.stderr)")
        #expect(!unreachable.stderr.contains("Fatal error"), "\(unreachable.stderr)")
    }

    struct Hit {
        var citation: String
        var score: Double
    }

    static func hits(_ result: FootnoteBinary.Result) throws -> [Hit] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let hits = try #require(object["hits"] as? [[String: Any]])
        return hits.compactMap { hit in
            guard let citation = hit["citation"] as? String, let score = hit["score"] as? Double else { return nil }
            return Hit(citation: citation, score: score)
        }
    }
}
