import FootnoteCore
@testable import FootnotePostgres
import KnowledgeStore
import Testing

/// The PostgreSQL store's top-k selection over a query's candidates, and the shape test that lets the ranking
/// skip evaluating the MATCH tree chunk by chunk.
@Suite("Lexical top-k selection and flat disjunctions")
struct TopSelectionTests {
    @Test("The partial selection returns the full sort's first k, ties by ascending id, for any k")
    func partialSelectionIsTheSortsPrefix() {
        var random = SplitMix64(seed: 11)
        // Few distinct scores, so that ties are everywhere.
        let scored = (0..<5_000).map { id in (id: Int64(id), score: Double(random.next() % 50) / 7) }.shuffled(using: &random)
        let sorted = scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        for limit in [1, 10, 100, 1_249, 1_250, 4_999, 5_000, 6_000] {
            let best = PostgresStore.best(scored, limit: limit)
            #expect(best.map(\.id) == sorted.prefix(limit).map(\.id), "limit \(limit)")
        }
    }

    @Test("Only one phrase or an OR of phrases is a flat disjunction")
    func flatDisjunctions() throws {
        let flat = try #require(MatchExpression("\"a\" OR \"b c\" OR \"d\"*"))
        #expect(flat.isDisjunctionOfPhrases)
        #expect(try #require(MatchExpression("\"a\"")).isDisjunctionOfPhrases)
        for nested in ["\"a\" AND \"b\"", "\"a\" OR (\"b\" AND \"c\")", "\"a\" NOT \"b\"", "(\"a\" OR \"b\") NOT \"c\""] {
            #expect(try #require(MatchExpression(nested)).isDisjunctionOfPhrases == false, "\(nested)")
        }
    }
}
