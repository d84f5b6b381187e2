import Foundation
import FootnoteSQLite
import KnowledgeStore
import TextAnalysis
import Testing

/// Grounding counts words with `TextAnalyzer`; the index holds the terms of its FTS5 tokenizer. They must be
/// one analyzer: a word a question shares with a passage is one term for the gate and for BM25.
@Suite("One text analyzer: Grounding's stems are the index's terms")
struct TextAnalyzerParityTests {
    /// Inflections Snowball and the old light stemmer treat differently, short words, words with digits,
    /// words with diacritics (the index folds them) and a word longer than the stemmed limit.
    static let words = [
        "connections", "connecting", "connected", "automatically", "automatic", "specifically", "generously",
        "only", "early", "died", "used", "aged", "founded", "seed", "feed", "relational", "conditional",
        "replicas", "replication", "checkpoints", "vacuuming", "indices", "analyses", "sqlite3", "utf8mb4",
        "ipv6", "x", "is", "the", "running", "happily", "hopefulness", "nationalization", "arguing", "dying",
        "café", "zürich", "naïve", "résumés", "señor", "façades",
        String(repeating: "tablespaces", count: 7),
    ]

    @Test("every word stems to the very term the index's tokenizer writes")
    func parity() throws {
        let index = try FullTextAnalyzer()
        for word in Self.words {
            let terms = index.tokens(word).map(\.term)
            #expect(terms == [TextAnalyzer.stem(word)], "\(word)")
        }
    }

    @Test("stems made on many threads at once are the stems made one at a time")
    func concurrent() {
        // Plurals too, so that the threads also make stems no cache holds yet.
        let words = Self.words + Self.words.map { $0 + "s" }
        let expected = words.map(TextAnalyzer.stem)
        let mismatches = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 8) { round in
            for _ in 0..<50 {
                for (word, stem) in zip(words, expected) where TextAnalyzer.stem(word + (round % 2 == 0 ? "" : "ly")).isEmpty
                    || TextAnalyzer.stem(word) != stem {
                    mismatches.add()
                }
            }
        }
        #expect(mismatches.value == 0)
    }

    @Test("forms of a word meet, as they do in BM25: connections / connecting / connected, automatically / automatic")
    func forms() {
        #expect(Set(["connections", "connecting", "connected", "connect"].map(TextAnalyzer.stem)).count == 1)
        #expect(TextAnalyzer.stem("automatically") == TextAnalyzer.stem("automatic"))
        #expect(TextAnalyzer.stem("2024") == "2024")
    }

    @Test("the query drops the stopwords Grounding drops, question framing words included, unless nothing else is left")
    func stopwords() {
        // "called" and "type" frame the question; "checkpoint" is what it asks about.
        let query = LexicalQuery("What is the type of checkpoint called")
        #expect(query.positivePhraseCount == 1)
        #expect(query.matchExpression?.contains("checkpoint") == true && query.matchExpression?.contains("called") == false)
        #expect(["called", "type", "because", "please"].allSatisfy(TextAnalyzer.isStopword))
        // A query of stopwords only keeps them (something must match).
        #expect(LexicalQuery("what is it called").positivePhraseCount == 4)
    }
}

/// A counter several threads add to.
private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
