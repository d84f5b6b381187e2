import ArgumentParser
import Foundation
import Footnote

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval on a BEIR-format collection: nDCG@10, Recall@10, Recall@100, MRR@10.",
        discussion: """
            DATASET_DIR holds corpus.jsonl, queries.jsonl and qrels/test.tsv. The corpus is indexed into a
            temporary index with the same chunker as any document; documents are ranked by their best passage.
            Metrics follow trec_eval (graded gains where the judgements are graded).

            Example:
              footnote eval ../shared/datasets/scifact --mode lexical --json
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "A BEIR-format collection folder.")
    var dataset: String

    @Option(name: .long, help: "lexical, semantic or hybrid (default lexical).")
    var mode = "lexical"

    @Option(name: .long, help: "Chunk budget in model tokens (default 256).")
    var chunkTokens: Int?

    @Option(name: .long, help: "Tokens of overlap between consecutive chunks (default 32).")
    var chunkOverlap: Int?

    func run() throws {
        guard let searchMode = SearchMode(rawValue: mode) else {
            throw ValidationError("--mode must be lexical, semantic or hybrid, got '\(mode)'")
        }
        let collection = try BEIRCollection(directory: URL(fileURLWithPath: dataset))
        var configuration = options.configuration()
        if let chunkTokens { configuration.chunkTokens = chunkTokens }
        if let chunkOverlap { configuration.chunkOverlapTokens = chunkOverlap }
        let result = try Evaluator(configuration: configuration).evaluate(collection, mode: searchMode)
        if options.json {
            try Terminal.printJSON(result)
            return
        }
        print("\(result.collection) (\(result.documents) documents, \(result.chunks) chunks, \(result.queries) queries), mode \(result.mode.rawValue)")
        print(String(format: "nDCG@10 %.4f  Recall@10 %.4f  Recall@100 %.4f  MRR@10 %.4f",
                     result.ndcgAt10, result.recallAt10, result.recallAt100, result.mrrAt10))
        print(String(format: "query latency p50 %.1f ms, p95 %.1f ms; indexing %.1f s",
                     result.latencyP50Milliseconds, result.latencyP95Milliseconds, result.indexingSeconds))
    }
}
