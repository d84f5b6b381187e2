import Footnote
import Foundation
import Testing
import TestSupport

@Suite("Evaluation metrics and footnote eval")
struct EvaluationTests {
    @Test("nDCG, recall and reciprocal rank follow trec_eval's definitions")
    func metrics() {
        let judgements = ["a": 2, "b": 1, "c": 0, "d": 1]
        let ranking = ["x", "a", "c", "b"]
        // DCG = 2/log2(3) + 1/log2(5); ideal = 2/log2(2) + 1/log2(3) + 1/log2(4)
        let dcg = 2 / log2(3.0) + 1 / log2(5.0)
        let ideal = 2.0 + 1 / log2(3.0) + 0.5
        #expect(abs(RetrievalMetrics.ndcg(ranking: ranking, judgements: judgements, cutoff: 10) - dcg / ideal) < 1e-12)
        #expect(RetrievalMetrics.recall(ranking: ranking, judgements: judgements, cutoff: 10) == 2.0 / 3.0)
        #expect(RetrievalMetrics.recall(ranking: ranking, judgements: judgements, cutoff: 1) == 0)
        #expect(RetrievalMetrics.reciprocalRank(ranking: ranking, judgements: judgements, cutoff: 10) == 0.5)
        #expect(RetrievalMetrics.reciprocalRank(ranking: ["c", "x"], judgements: judgements, cutoff: 10) == 0)
        #expect(RetrievalMetrics.percentile([5, 1, 3, 2, 4], 0.5) == 3)
    }

    @Test("BM25 on xquad-dev reaches the best BM25 reference minus 0.01 nDCG@10",
          .enabled(if: RepositoryPaths.dataset("xquad-dev") != nil, "../shared/datasets/xquad-dev is not present"))
    func xquadLexical() throws {
        let directory = try #require(RepositoryPaths.dataset("xquad-dev"))
        let collection = try BEIRCollection(directory: directory)
        let result = try Evaluator(configuration: FootnoteConfiguration()).evaluate(collection, mode: .lexical)
        #expect(result.queries == 413)
        #expect(result.ndcgAt10 >= 0.9680 - 0.01)
        #expect(result.recallAt100 > 0.99)
    }

    /// The best BM25 row of `../shared/datasets/BASELINES.md` for each collection.
    static let bestBM25Reference = ["medline": 0.7005, "cranfield": 0.5239, "scifact": 0.6874]

    @Test("BM25 over passages reaches the best whole-document BM25 reference minus 0.01 nDCG@10 (chunks budgeted by the model's tokenizer)",
          .enabled(if: ModelLocation.shouldRunModelTests, Comment(rawValue: ModelLocation.skipReason)),
          arguments: ["medline", "cranfield", "scifact"])
    func lexicalAgainstReference(_ name: String) throws {
        guard let directory = RepositoryPaths.dataset(name) else {
            print("skipped: ../shared/datasets/\(name) is not present")
            return
        }
        var configuration = FootnoteConfiguration()
        configuration.modelDirectory = ModelLocation.miniLM
        let result = try Evaluator(configuration: configuration).evaluate(try BEIRCollection(directory: directory), mode: .lexical)
        let reference = try #require(Self.bestBM25Reference[name])
        print(String(format: "%@ lexical nDCG@10 %.4f (reference %.4f)", name, result.ndcgAt10, reference))
        #expect(result.ndcgAt10 >= reference - 0.01, "\(name): \(result.ndcgAt10)")
    }

    @Test("A collection without qrels is refused with a message naming the file")
    func invalidCollection() throws {
        let directory = try TemporaryDirectory()
        try directory.write("corpus.jsonl", "{\"_id\": \"1\", \"text\": \"x\"}\n")
        #expect {
            _ = try BEIRCollection(directory: directory.url)
        } throws: { error in
            String(describing: error).contains("qrels/test.tsv")
        }
    }
}
