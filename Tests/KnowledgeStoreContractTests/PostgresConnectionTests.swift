import Foundation
@testable import FootnotePostgres
import Testing

/// The libpq wrapper and the store's opening, against the server at FOOTNOTE_PG_URL.
@Suite("PostgreSQL connection", .enabled(if: StoreBackend.postgresURL != nil, "FOOTNOTE_PG_URL is not set"))
struct PostgresConnectionTests {
    /// The URL under test (the suite runs only when it is set).
    let url = StoreBackend.postgresURL ?? ""

    @Test("A refused or malformed URL fails naming the connection and the server, never the password", arguments: [
        "postgres://footnote:s3cret-pw@127.0.0.1:1/footnote?connect_timeout=2",
        "postgres://footnote:s3cret-pw@127.0.0.1:notaport/footnote",
        "postgres://footnote@127.0.0.1:1/footnote?password=s3cret-pw&connect_timeout=2",
    ])
    func badURL(_ badURL: String) throws {
        let error = try #require(throws: PostgresError.self) { try PostgresConnection(url: badURL) }
        let message = error.description
        #expect(message.hasPrefix("Cannot connect to PostgreSQL at 'postgres://footnote@127.0.0.1:"), "\(message)")
        #expect(!message.contains("s3cret-pw"), "\(message)")
        #expect(PostgresURL.redacted(badURL).contains("s3cret") == false)
    }

    @Test("Rows read in place: integers of every size and sign, text compared without a copy, NULL and non-integers refused")
    func cursorReadsInPlace() throws {
        let connection = try PostgresConnection(url: url)
        var read: [(Int64, String, Bool)] = []
        try connection.forEachRow("""
            SELECT v, t FROM (VALUES (0::bigint, 'a'), (-42, 'b'), (9223372036854775807, 'cell'), (-9223372036854775807, 'é')) AS x(v, t)
            """) { row in
            read.append((try row.int64(0), try row.text(1), row.textEquals(1, "cell")))
        }
        #expect(read.map(\.0) == [0, -42, Int64.max, -Int64.max])
        #expect(read.map(\.1) == ["a", "b", "cell", "é"])
        #expect(read.map(\.2) == [false, false, true, false])
        for bad in ["SELECT NULL::bigint", "SELECT '12x'::text", "SELECT ''::text", "SELECT '99999999999999999999'::text", "SELECT '-'::text"] {
            #expect(throws: PostgresError.self, "\(bad)") {
                try connection.forEachRow(bad) { _ = try $0.int64(0) }
            }
        }
    }

    @Test("TLS is the URL's to ask for: sslmode=require is enforced (the local server has no TLS, so it refuses), disable connects")
    func tlsFollowsTheURL() throws {
        let error = try #require(throws: PostgresError.self) { try PostgresConnection(url: PostgresURL.adding("sslmode", "require", to: url)) }
        #expect(error.description.contains("SSL"), "\(error)")
        #expect(try PostgresConnection(url: PostgresURL.adding("sslmode", "disable", to: url)).scalarInt("SELECT 1") == 1)
    }

    @Test("A syntax error names the operation, the server's message and the SQL")
    func syntaxError() throws {
        let connection = try PostgresConnection(url: url)
        let error = try #require(throws: PostgresError.self) { try connection.query("SELEC $1::int", [.int(1)]) }
        #expect(error.description.contains("failed to run a query"), "\(error)")
        #expect(error.description.contains("syntax error"), "\(error)")
        #expect(error.description.contains("SELEC $1::int"), "\(error)")
        #expect(error.sqlState == "42601")
        // The connection stays usable after a statement error.
        #expect(try connection.scalarInt("SELECT 2") == 2)
        #expect(connection.isReusable)
    }

    @Test("A transaction whose body throws rolls back; one that returns commits")
    func transactionRollsBack() throws {
        struct Refusal: Error {}
        let connection = try PostgresConnection(url: url)
        try connection.execute("CREATE TEMPORARY TABLE t(x INTEGER)")
        #expect(throws: Refusal.self) {
            try connection.transaction {
                try connection.run("INSERT INTO t VALUES ($1)", [.int(1)])
                throw Refusal()
            }
        }
        #expect(try connection.scalarInt("SELECT count(*) FROM t") == 0)
        #expect(connection.isReusable)
        let inserted = try connection.transaction { try connection.run("INSERT INTO t VALUES (1), (2)") }
        #expect(inserted == 2)
        #expect(try connection.scalarInt("SELECT count(*) FROM t") == 2)
    }

    @Test("Text with quotes, backslashes, dollars and Unicode, extreme numbers, booleans and NULL round-trip as parameters")
    func parametersRoundTrip() throws {
        let connection = try PostgresConnection(url: url)
        let texts = ["it's \"quoted\"", "back\\slash \\n", "$1 ; DROP TABLE x; --", "東京都 ümlaut 🙂 e\u{301}", "line\nbreak\ttab", "", " "]
        for text in texts {
            let row = try #require(try connection.query("SELECT $1::text, length($1::text)", [.text(text)]).first)
            #expect(try row.text(0) == text)
            #expect(try row.int(1) == text.unicodeScalars.count)
        }
        #expect(try connection.query("SELECT unnest($1::text[])", [.textArray(texts)]).map { try $0.text(0) } == texts)
        for number in [Int64.min, -1, 0, Int64.max] {
            #expect(try connection.scalarInt("SELECT $1::bigint", [.int(number)]) == number)
        }
        for number in [0.1, -1e-300, Double.pi, .greatestFiniteMagnitude, .leastNonzeroMagnitude, Double.infinity] {
            #expect(try connection.query("SELECT $1::float8", [.double(number)]).first?.double(0) == number)
        }
        let row = try #require(try connection.query("SELECT $1::bool, $2::bool, $3::text IS NULL, $3::text", [.bool(true), .bool(false), .null]).first)
        #expect(try row.bool(0) && !(try row.bool(1)) && (try row.bool(2)))
        #expect(row.isNull(3) && row.optionalText(3) == nil)
        #expect(throws: PostgresError.self) { try row.int64(3) }
        #expect(throws: PostgresError.self) { try row.text(9) }
    }

    @Test("Two stores opening the same fresh schema at once both succeed, with every migration applied once")
    func concurrentMigrations() throws {
        let schema = StoreBackend.freshPostgresSchema()
        let results = LockedResults()
        let url = url
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            results.append(Result { try PostgresStore(url: url, schema: schema).appliedMigrations() })
        }
        let applied = try results.all.map { try $0.get() }
        #expect(applied.count == 3)
        #expect(applied.allSatisfy { $0 == PostgresStore.migrations.map(\.name) })
    }

    @Test("A schema name other than letters, digits and underscores is refused before any SQL")
    func schemaNameIsValidated() {
        #expect(throws: PostgresError.self) { try PostgresStore(url: url, schema: "x; DROP SCHEMA public") }
        #expect(throws: PostgresError.self) { try PostgresStore(url: url, schema: "1abc") }
    }

    @Test("Path globs keep SQLite GLOB semantics: *, ?, sets, negation, literal punctuation, relative patterns")
    func globs() throws {
        let connection = try PostgresConnection(url: url)
        // Expected values are SQLite's (`SELECT path GLOB pattern` with the store's anchoring).
        let cases: [(glob: String, path: String, matches: Bool)] = [
            ("/docs/*", "/docs/a.md", true), ("/docs/*", "/docs/sub/a.md", true), ("/docs/*", "/doc/a.md", false),
            ("docs/*.md", "/x/docs/a.md", true), ("docs/*.md", "/x/docs/a.txt", false), ("*.md", "/a.MD", false),
            ("/v/m?ddle.txt", "/v/middle.txt", true), ("/v/m?ddle.txt", "/v/mddle.txt", false),
            ("/[ab].txt", "/a.txt", true), ("/[^ab].txt", "/a.txt", false), ("/[^ab].txt", "/c.txt", true),
            ("/[a-c].txt", "/b.txt", true), ("/[]x].txt", "/].txt", true), ("/a+(b).txt", "/a+(b).txt", true),
            ("/a.txt", "/abtxt", false), ("/100%_$.txt", "/100%_$.txt", true), ("/back\\slash", "/back\\slash", true),
            ("/[\\].txt", "/\\.txt", true), ("/unclosed[", "/unclosed[", false), ("/ü*", "/über.txt", true),
        ]
        for (glob, path, matches) in cases {
            let regex = PostgresStore.globRegex(PostgresStore.anchoredGlob(glob))
            let matched = try regex.map { try connection.query("SELECT $1 ~ $2", [.text(path), .text($0)]).first?.bool(0) } ?? false
            #expect(matched == matches, "\(glob) on \(path): regex \(regex ?? "nil")")
        }
    }
}

/// Results gathered from concurrent threads.
private final class LockedResults: @unchecked Sendable {
    // Guarded by `lock`.
    private var results: [Result<[String], any Error>] = []
    private let lock = NSLock()

    func append(_ result: Result<[String], any Error>) { lock.withLock { results.append(result) } }
    var all: [Result<[String], any Error>] { lock.withLock { results } }
}
