import KnowledgeStore
import Testing

/// The MATCH expressions `LexicalQuery` writes parse into the tree a store without FTS5 evaluates.
@Suite("MATCH expressions without FTS5")
struct MatchExpressionTests {
    @Test("Every expression LexicalQuery writes parses; phrases are numbered left to right, NOT phrases last")
    func parsesWhatLexicalQueryWrites() throws {
        for text in ["replication lag", "\"write-ahead log\" -vacuum", "replic* \"say \"\"hi\"\"\"", "复制数据库 SQLite数据库", "-only"] {
            let query = LexicalQuery(text)
            guard let match = query.matchExpression else { continue }
            let expression = try #require(MatchExpression(match), "\(match)")
            #expect(expression.phrases.count >= query.positivePhraseCount, "\(match)")
            if let required = query.requiredExpression { #expect(MatchExpression(required) != nil, "\(required)") }
            if let excluded = query.excludedExpression { #expect(MatchExpression(excluded) != nil, "\(excluded)") }
        }
        let expression = try #require(MatchExpression("(\"a\" OR \"b c\"*) NOT (\"d\" OR \"e\")"))
        #expect(expression.phrases.map(\.text) == ["a", "b c", "d", "e"])
        #expect(expression.phrases.map(\.isPrefix) == [false, true, false, false])
        #expect(MatchExpression("\"say \"\"hi\"\"\"")?.phrases.first?.text == "say \"hi\"")
    }

    @Test("Evaluation: OR, AND, NOT; a phrase counts only where the part holding it matched")
    func evaluates() throws {
        let expression = try #require(MatchExpression("(\"a\" OR (\"b\" AND \"c\")) NOT (\"d\")"))
        func present(_ phrases: Set<Int>) -> (Int) -> Bool { { phrases.contains($0) } }
        #expect(expression.matches(present([0])))
        #expect(!expression.matches(present([1])))
        #expect(expression.matches(present([1, 2])))
        #expect(!expression.matches(present([0, 3])))
        #expect(expression.livePhrases(present([0, 1])) == [0], "b without c reports no instance")
        #expect(expression.livePhrases(present([0, 1, 2])) == [0, 1, 2])
    }

    @Test("Malformed expressions are refused, not guessed")
    func refusesMalformed() {
        for bad in ["", "\"open", "(\"a\" OR", "a", "\"a\" OR OR \"b\"", "\"a\")"] {
            #expect(MatchExpression(bad) == nil, "\(bad)")
        }
    }
}
