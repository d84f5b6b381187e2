import FootnoteCore
import Foundation
@testable import SearchIndex
@testable import KnowledgeStore
import Testing

@Suite("Lexical search over chunks")
struct LexicalSearchTests {
    @Test("Stemmed words find their passage, and the best match ranks first")
    func stemmedMatch() throws {
        let fixture = try IndexFixture()
        try fixture.add(path: "/docs/wal.txt", text: "The write-ahead log keeps readers running.\n\nCheckpoints copy pages back.")
        try fixture.add(path: "/docs/other.txt", text: "Nothing about logs here, only cats.")
        let hits = try fixture.index.lexicalSearch(LexicalQuery("checkpointing pages"), limit: 5)
        let top = try #require(hits.first)
        let full = try fixture.index.hits(for: [(top.chunkID, top.score, nil)], query: LexicalQuery("checkpointing pages"))
        #expect(full.first?.text == "Checkpoints copy pages back.")
        #expect(full.first?.path == "/docs/wal.txt")
        #expect(full.first?.snippet.contains("[Checkpoints]") == true)
    }

    @Test("A repeated word adds its term again (query-term frequency); a repeated phrase or exclusion does not")
    func repeatedWords() throws {
        #expect(LexicalQuery("wal WAL checkpoint wal").matchExpression == "(\"wal\" OR \"checkpoint\")")
        #expect(LexicalQuery("wal WAL checkpoint wal").phraseWeights == [3, 1])
        #expect(LexicalQuery("wal WAL checkpoint wal").terms == ["wal", "checkpoint"])
        // A thousand repeats are one phrase, not a thousand (each phrase costs a pass over its rows).
        let repeats = LexicalQuery(Array(repeating: "checkpoint", count: 1000).joined(separator: " "))
        #expect(repeats.matchExpression == "\"checkpoint\"" && repeats.phraseWeights == [1000])
        #expect(LexicalQuery("the the cat").phraseWeights == [1])
        #expect(LexicalQuery("the the of").phraseWeights == [2, 1])
        #expect(LexicalQuery("\"write ahead\" \"Write Ahead\" log").matchExpression == LexicalQuery("\"write ahead\" log").matchExpression)
        #expect(LexicalQuery("wal -index -index").matchExpression == LexicalQuery("wal -index").matchExpression)
        // An excluded word is not a repeat of the same word searched for.
        #expect(LexicalQuery("wal -wal").matchExpression != LexicalQuery("wal").matchExpression)
        let fixture = try IndexFixture()
        try fixture.add(path: "/a.txt", text: "cats cats cats cats and a dog")
        try fixture.add(path: "/b.txt", text: "one dog, one cat, one bird and a fish")
        let repeated = try fixture.index.lexicalSearch(LexicalQuery("cat cat cat bird fish"), limit: 2)
        let plain = try fixture.index.lexicalSearch(LexicalQuery("cat bird fish"), limit: 2)
        #expect(Set(repeated.map(\.chunkID)) == Set(plain.map(\.chunkID)))
        // The passage that matches only "cat" scores three times its single-"cat" score.
        let catsChunk = try #require(try fixture.index.chunkIDs(passing: SearchFilter(pathGlobs: ["/a.txt"])).first)
        let once = try #require(plain.first { $0.chunkID == catsChunk }?.score)
        let thrice = try #require(repeated.first { $0.chunkID == catsChunk }?.score)
        #expect(abs(thrice - 3 * once) < 1e-9, "\(thrice) vs 3 × \(once)")
    }

    @Test("Of two equal passages, the one whose document is about the query ranks first; an excluded word adds nothing")
    func documentSide() throws {
        let fixture = try IndexFixture()
        let passage = "The checkpoint copies pages from the log."
        try fixture.add(path: "/about.txt", text: passage + "\n\nA checkpoint runs when the log is large.\n\nReaders see the log until the checkpoint ends.")
        try fixture.add(path: "/aside.txt", text: passage + "\n\nGardens need water in summer.\n\nTomatoes like the sun.")
        for filler in 0..<6 { try fixture.add(path: "/other\(filler).txt", text: "Unrelated notes about birds number \(filler).") }
        func scores(_ query: String, document: Double) throws -> [String: Double] {
            var weights = FieldWeights.default
            weights.document = document
            let matches = try fixture.index.lexicalSearch(LexicalQuery(query), limit: 10, weights: weights)
            let hits = try fixture.index.hits(for: matches.map { ($0.chunkID, $0.score, nil) }, query: nil)
            return Dictionary(hits.filter { $0.text == passage }.map { ($0.path, $0.score) }, uniquingKeysWith: max)
        }
        let alone = try scores("checkpoint log", document: 0)
        #expect(alone.count == 2 && abs((alone["/about.txt"] ?? 0) - (alone["/aside.txt"] ?? 1)) < 1e-9, "\(alone)")
        let withDocument = try scores("checkpoint log", document: 2)
        #expect((withDocument["/about.txt"] ?? 0) > (withDocument["/aside.txt"] ?? 0) + 0.1, "\(withDocument)")
        // An excluded word removes passages that hold it; it never adds to a document's score.
        #expect(LexicalQuery("checkpoint log -readers").positivePhraseCount == 2)
        #expect(LexicalQuery("\"write ahead\" 日本語 wal").positivePhraseCount == LexicalQuery("\"write ahead\" 日本語 wal -x").positivePhraseCount)
        let excluded = try scores("checkpoint -tomatoes", document: 2)
        let plain = try scores("checkpoint", document: 2)
        #expect(excluded.count == 2 && plain.count == 2)
        for path in ["/about.txt", "/aside.txt"] {
            #expect(abs((excluded[path] ?? 0) - (plain[path] ?? 1)) < 1e-9, "\(path): \(excluded) vs \(plain)")
        }
    }

    @Test("Quoted phrases, exclusions and prefixes keep their meaning")
    func operators() throws {
        let fixture = try IndexFixture()
        try fixture.add(path: "/a.txt", text: "virtual table modules are loaded")
        try fixture.add(path: "/b.txt", text: "the table is virtual and fts3 based")
        try fixture.add(path: "/c.txt", text: "transactions commit atomically")
        func paths(_ query: String) throws -> Set<String> {
            let matches = try fixture.index.lexicalSearch(LexicalQuery(query), limit: 10)
            return Set(try fixture.index.hits(for: matches.map { ($0.chunkID, $0.score, nil) }, query: nil).map(\.path))
        }
        #expect(try paths("\"virtual table\"") == ["/a.txt"])
        #expect(try paths("virtual table") == ["/a.txt", "/b.txt"])
        #expect(try paths("virtual -fts3") == ["/a.txt"])
        #expect(try paths("transact*") == ["/c.txt"])
        #expect(try paths("-virtual").isEmpty)
    }

    @Test("No user input raises an FTS5 syntax error", arguments: [
        "what is AND OR NOT", "(unbalanced", "\"unterminated phrase", "col:value", "NEAR(a b)", "a^b", "{x y}: z",
        "*", "-", "--", "\"\"", "C++ && || !", "name@example.com", "50% off; DROP TABLE chunks;", "ünïcödé", "   ",
        "- -a \"-b\" c*d* **", "NOT", "a NEAR/3 b", "'single quotes'",
    ])
    func escaping(query: String) throws {
        let fixture = try IndexFixture()
        try fixture.add(path: "/a.txt", text: "what is a value and a table, C and col off unicode")
        _ = try fixture.index.lexicalSearch(LexicalQuery(query), limit: 10)
    }

    @Test("Chinese and Japanese text is searchable by words inside longer runs")
    func cjk() throws {
        let fixture = try IndexFixture()
        try fixture.add(path: "/zh.txt", text: "全文检索引擎把文档切成段落，并为每个段落建立倒排索引。")
        try fixture.add(path: "/ja.txt", text: "東京都の図書館では、古い資料をデジタル化しています。")
        try fixture.add(path: "/en.txt", text: "An English paragraph about libraries in Tokyo.")
        func paths(_ query: String) throws -> [String] {
            let matches = try fixture.index.lexicalSearch(LexicalQuery(query), limit: 10)
            return try fixture.index.hits(for: matches.map { ($0.chunkID, $0.score, nil) }, query: nil).map(\.path)
        }
        #expect(try paths("倒排索引") == ["/zh.txt"])
        #expect(try paths("段落") == ["/zh.txt"])
        #expect(try paths("図書館") == ["/ja.txt"])
        #expect(try paths("デジタル") == ["/ja.txt"])
        #expect(try paths("京都").first == "/ja.txt")
        #expect(try paths("库").isEmpty)
    }

    @Test("A filtered top-k equals the top-k of the filtered corpus")
    func filteredTopK() throws {
        let fixture = try IndexFixture()
        let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
        var generator = SystemRandomNumberGenerator()
        let formats: [DocumentFormat] = [.text, .markdown, .html, .pdf]
        for number in 0..<120 {
            let text = (0..<30).map { _ in words.randomElement(using: &generator) ?? "alpha" }.joined(separator: " ")
            let folder = number % 3 == 0 ? "/kb/manuals" : "/kb/notes"
            try fixture.add(path: "\(folder)/doc\(number).txt", format: formats[number % formats.count], text: text)
        }
        let filters = [
            SearchFilter(pathGlobs: ["manuals/*"]),
            SearchFilter(formats: [.pdf]),
            SearchFilter(pathGlobs: ["/kb/notes/*"], formats: [.markdown, .html]),
        ]
        let documents = try fixture.index.documents()
        let byID = Dictionary(uniqueKeysWithValues: documents.map { ($0.id, $0) })
        for filter in filters {
            for query in ["alpha", "beta gamma", "theta -eta", "zeta epsilon delta"] {
                let filtered = try fixture.index.lexicalSearch(LexicalQuery(query), filter: filter, limit: 7)
                let all = try fixture.index.lexicalSearch(LexicalQuery(query), limit: 10_000)
                let allHits = try fixture.index.hits(for: all.map { ($0.chunkID, $0.score, nil) }, query: nil)
                let expected = allHits.filter { hit in
                    let document = byID[hit.documentID]
                    let formatOK = filter.formats.isEmpty || filter.formats.contains(hit.format)
                    let pathOK = filter.pathGlobs.isEmpty || filter.pathGlobs.contains { glob in
                        let anchored = SearchIndex.anchoredGlob(glob)
                        return fnmatch(anchored, document?.path ?? "", 0) == 0
                    }
                    return formatOK && pathOK
                }
                let allowed = Set(expected.map(\.chunkID))
                // Same scores as the brute-force top-k (ties may order differently), all from the filtered corpus.
                #expect(filtered.count == min(7, expected.count))
                #expect(filtered.map(\.score) == expected.prefix(7).map(\.score), "query '\(query)' filter \(filter)")
                #expect(filtered.allSatisfy { allowed.contains($0.chunkID) })
            }
        }
    }
}
