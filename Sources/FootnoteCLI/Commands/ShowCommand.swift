import ArgumentParser
import Foundation
import Footnote
import FootnoteCore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a document's metadata and its chunks.",
        discussion: "Example:\n  footnote show corpora/sqlite-docs/wal.html")

    @OptionGroup var options: IndexOptions

    @Argument(help: "The document's path.")
    var path: String

    struct Output: Encodable {
        let document: DocumentRecord
        let chunks: [ChunkRecord]
    }

    func run() throws {
        let knowledgeBase = try options.openKnowledgeBase(withModel: false, command: "show")
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard let document = try knowledgeBase.document(path: absolute, accessGroups: nil) ?? knowledgeBase.document(path: path, accessGroups: nil) else {
            throw ValidationError("'\(path)' is not in the index (footnote add it first)")
        }
        let chunks = try knowledgeBase.chunks(documentID: document.id, accessGroups: nil)
        if options.json {
            try Terminal.printJSON(Output(document: document, chunks: chunks))
            return
        }
        print(Terminal.bold(Terminal.display(document.path)))
        print("format \(document.format.rawValue) · \(document.size) bytes · version \(document.contentHash.prefix(12)) · \(chunks.count) chunks")
        if let title = document.title { print("title: \(title)") }
        for chunk in chunks {
            let span = chunk.span
            print()
            print(Terminal.cyan("#\(chunk.ordinal) [\(span.start), \(span.end)) \(chunk.tokenCount) tokens · "
                + HitFormatter.location(path: "", page: span.pageStart, pageEnd: span.pageEnd, headingPath: span.headingPath,
                                        lineStart: span.lineStart, lineEnd: span.lineEnd).dropFirst(3)))
            print(chunk.text.count > 300 ? String(chunk.text.prefix(300)) + "…" : chunk.text)
        }
    }
}

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts by format, versions, chunks and the index size.",
        discussion: "With --check, also checks the store's invariants and exits with status 1 when one fails.")

    @OptionGroup var options: IndexOptions

    @Flag(name: .long, help: "Also check the store's invariants (SQLite's integrity check, every chunk of a current version with its full-text rows; on PostgreSQL the postings and lengths); exit 1 when one fails.")
    var check = false

    func run() throws {
        let knowledgeBase = try options.openKnowledgeBase(withModel: false, command: "stats")
        let stats = try knowledgeBase.statistics()
        let problems = check ? try knowledgeBase.store.consistencyProblems() : []
        if options.json {
            if check {
                try Terminal.printJSON(CheckedStatistics(statistics: stats, problems: problems))
            } else {
                try Terminal.printJSON(stats)
            }
        } else {
            print("index: \(knowledgeBase.configuration.storeDescription) (\(String(format: "%.1f", Double(stats.fileBytes) / 1_048_576)) MiB)")
            print("documents: \(stats.documents)  versions: \(stats.versions)  chunks: \(stats.chunks)")
            for format in stats.documentsByFormat.keys.sorted() {
                print("  \(format.padding(toLength: 9, withPad: " ", startingAt: 0)) \(stats.documentsByFormat[format] ?? 0) documents, \(stats.chunksByFormat[format] ?? 0) chunks")
            }
            if check {
                print(problems.isEmpty ? "check: consistent" : "check: \(problems.count) problem\(problems.count == 1 ? "" : "s")")
                for problem in problems { print("  \(problem)") }
            }
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }

    /// `stats --check --json`: the counts and what the check found.
    struct CheckedStatistics: Encodable {
        var statistics: IndexStatistics
        var problems: [String]
    }
}
