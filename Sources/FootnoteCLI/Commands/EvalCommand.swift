import ArgumentParser
import Foundation
import Footnote
import FootnoteCore
import FootnoteEvaluation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval on a BEIR-format collection: nDCG@10, Recall@10, Recall@100, MRR@10.",
        discussion: """
            DATASET_DIR holds corpus.jsonl, queries.jsonl and qrels/test.tsv. The corpus is indexed into a \
            temporary index with the same chunker as any document; documents are ranked by their best passage. \
            Metrics follow trec_eval (graded gains where the judgements are graded).

            Example:
              footnote eval ../shared/datasets/scifact --mode lexical --json
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "A BEIR-format collection folder.")
    var dataset: String

    @Option(name: .long, help: "lexical, semantic or hybrid (default lexical; the others need the embedding model).")
    var mode = "lexical"

    @Option(name: .long, help: "Hybrid fusion: rrf (reciprocal rank, k=60) or score (calibrated score fusion).")
    var fusion: String?

    @Option(name: .long, help: "Weight of the vector side in score fusion, 0…1.")
    var semanticWeight: Double?

    @Option(name: .long, help: "RRF's k (default 60).")
    var rrfK: Double?

    @Option(name: .long, help: "BM25 weight of the title column (default 2, the body being 1).")
    var titleWeight: Double?

    @Option(name: .long, help: "BM25 weight of the heading-path column (default 1.5).")
    var headingWeight: Double?

    @Option(name: .long, help: "Weight of the document's BM25 added to each passage's (default 2; 0: passages alone).")
    var documentWeight: Double?

    @Flag(name: .long, help: "Index into a temporary folder instead of reusing ~/.cache/footnote/eval.")
    var noCache = false

    @Option(name: .long, help: "Chunk budget in model tokens (default 256).")
    var chunkTokens: Int?

    @Option(name: .long, help: "Tokens of overlap between consecutive chunks (default 32).")
    var chunkOverlap: Int?

    @Option(name: .long, help: "Write each query's ranked passages (with both legs' ranks and scores in hybrid mode) and its judgements to this file, one JSON line per query.")
    var dumpRanking: String?

    func run() throws {
        guard let searchMode = SearchMode(rawValue: mode) else {
            throw ValidationError("--mode must be lexical, semantic or hybrid, got '\(mode)'")
        }
        let collection = try BEIRCollection(directory: URL(fileURLWithPath: dataset))
        var configuration = try options.configuration()
        if let chunkTokens { configuration.chunkTokens = chunkTokens }
        if let chunkOverlap { configuration.chunkOverlapTokens = chunkOverlap }
        if let fusion {
            guard let method = HybridFusion.Method(rawValue: fusion) else {
                throw ValidationError("--fusion must be rrf or score, got '\(fusion)'")
            }
            configuration.fusion.method = method
        }
        if let semanticWeight {
            guard (0...1).contains(semanticWeight) else { throw ValidationError("--semantic-weight must be 0…1, got \(semanticWeight)") }
            configuration.fusion.semanticWeight = semanticWeight
        }
        if let rrfK { configuration.fusion.rrfK = rrfK }
        for (name, weight) in [("--title-weight", titleWeight), ("--heading-weight", headingWeight), ("--document-weight", documentWeight)] {
            if let weight, !(weight >= 0 && weight <= 100) { throw ValidationError("\(name) must be 0…100, got \(weight)") }
        }
        if let titleWeight { configuration.fieldWeights.title = titleWeight }
        if let headingWeight { configuration.fieldWeights.heading = headingWeight }
        if let documentWeight { configuration.fieldWeights.document = documentWeight }
        if searchMode != .lexical, !configuration.embeds {
            throw ValidationError("--mode \(mode) needs an embedder: run `make model`, or pass --model-dir or --embed-url")
        }
        var evaluator = Evaluator(configuration: configuration)
        if !noCache {
            evaluator.cacheDirectory = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/footnote/eval")
        }
        evaluator.progress = EmbedCommand.progress(enabled: !options.json)
        evaluator.rankingDump = dumpRanking.map { URL(fileURLWithPath: $0) }
        let result = try evaluator.evaluate(collection, mode: searchMode)
        if Terminal.stderrIsTTY && !options.json { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
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
