import ArgumentParser
import Foundation
import Footnote
import FootnoteEvaluation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure ingest throughput and search latency (run `make bench` for the side-by-side comparison).",
        subcommands: [BenchIngestCommand.self, BenchSearchCommand.self, BenchHybridCommand.self, BenchEmbedCommand.self])
}

struct BenchIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest files and folders into a temporary index; print MB/s and chunks/s.",
        discussion: "Example:\n  footnote bench ingest corpora/ /usr/share/doc/sqlite3 --json")

    @OptionGroup var options: IndexOptions

    @Argument(help: "Files and folders to ingest.")
    var paths: [String]

    func run() throws {
        let result = try Evaluator(configuration: try options.configuration()).benchmarkIngest(paths)
        if options.json { return try Terminal.printJSON(result) }
        print(String(format: "ingest: %d files, %.1f MB, %d chunks in %.2f s: %.2f MB/s, %.0f chunks/s (%d failed)",
                     result.files, result.megabytes, result.chunks, result.seconds, result.megabytesPerSecond,
                     result.chunksPerSecond, result.failed))
    }
}

struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Index a BEIR collection and time its queries (p50/p95), ranking only and full hits.",
        discussion: "Example:\n  footnote bench search ../shared/datasets/scifact --k 100 --repeat 3")

    @OptionGroup var options: IndexOptions

    @Argument(help: "A BEIR-format collection folder.")
    var dataset: String

    @Option(name: .long, help: "Results per query (default 100).")
    var k = 100

    @Option(name: .long, help: "Times each query is run (default 3).")
    var `repeat` = 3

    func run() throws {
        let collection = try BEIRCollection(directory: URL(fileURLWithPath: dataset))
        let result = try Evaluator(configuration: try options.configuration()).benchmarkSearch(collection, k: k, repeat: `repeat`)
        if options.json { return try Terminal.printJSON(result) }
        print(String(format: "%@: %d documents, %d chunks indexed in %.2f s; %d queries", result.collection,
                     result.documents, result.chunks, result.indexingSeconds, result.queries))
        print(String(format: "ranking p50 %.2f ms p95 %.2f ms; full hits p50 %.2f ms p95 %.2f ms",
                     result.rankP50Milliseconds, result.rankP95Milliseconds, result.searchP50Milliseconds, result.searchP95Milliseconds))
    }
}

struct BenchHybridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hybrid",
        abstract: "Hybrid query latency (query embedding included) on a large index of repeated collection copies.",
        discussion: """
            Example:
              footnote bench hybrid ../shared/datasets/scifact --copies 11   # about 100,000 chunks
              footnote bench hybrid ../shared/datasets/scifact --store postgres://footnote@127.0.0.1:55432/footnote

            On PostgreSQL the first copy is indexed (or reused) in its evaluation schema, moved into a fresh schema \
            with `migrate`, and that schema is dropped at the end; every query is also run through the exact vector \
            scan and the HNSW index, and their recall and latency are printed.
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "A BEIR-format collection folder.")
    var dataset: String

    @Option(name: .long, help: "Copies of the collection in the index (default 11).")
    var copies = 11

    func run() throws {
        let configuration = try options.configuration()
        guard configuration.embeds else {
            throw ValidationError("bench hybrid needs an embedder: run `make model`, or pass --model-dir or --embed-url")
        }
        let collection = try BEIRCollection(directory: URL(fileURLWithPath: dataset))
        var evaluator = Evaluator(configuration: configuration)
        evaluator.cacheDirectory = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/footnote/eval")
        let result = try evaluator.benchmarkHybrid(collection, copies: copies)
        if options.json { return try Terminal.printJSON(result) }
        print(String(format: "%@ × %d on %@: %d chunks (built in %.0f s), %d queries", result.collection, result.copies,
                     result.store, result.chunks, result.buildSeconds, result.queries))
        print(String(format: "seeded in %.1f s; copies written: %d chunks in %.1f s (%.0f chunks/s); vectors linked in %.1f s",
                     result.seedSeconds, result.chunksWritten, result.writeSeconds,
                     result.writeSeconds > 0 ? Double(result.chunksWritten) / result.writeSeconds : 0, result.linkSeconds))
        print(String(format: "hybrid p50 %.1f ms, p95 %.1f ms (query embedding p50 %.1f ms, bm25 p50 %.1f ms, vector scan p50 %.1f ms)",
                     result.hybridP50Milliseconds, result.hybridP95Milliseconds, result.embedP50Milliseconds,
                     result.lexicalP50Milliseconds, result.vectorScanP50Milliseconds))
        print(String(format: "vectors in memory %.1f MiB, process RSS %.1f MiB",
                     Double(result.vectorBytes) / 1_048_576, Double(result.residentSetBytes) / 1_048_576))
        if let index = result.vectorIndex {
            print(String(format: "HNSW vs exact scan (top %d, %d queries): recall@10 %.4f, recall@%d %.4f, mean |Δ background| %.4f",
                         index.depth, index.queries, index.recallAt10, index.depth, index.recallAtDepth, index.backgroundError))
            print(String(format: "vector search p50/p95: exact %.1f / %.1f ms, HNSW + sampled mean %.1f / %.1f ms",
                         index.exactP50Milliseconds, index.exactP95Milliseconds, index.indexP50Milliseconds, index.indexP95Milliseconds))
        }
    }
}
