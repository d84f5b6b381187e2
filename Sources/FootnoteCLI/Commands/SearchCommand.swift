import ArgumentParser
import Foundation
import Footnote
import FootnoteCore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find passages: each hit names its file, page, heading path, lines and citation id.",
        discussion: """
            Plain words are matched with BM25 (stemmed; any word may match, more matches rank higher). \
            "quoted phrases" must appear as written, -word excludes, prefix* matches word beginnings. \
            Filters (--path, --format) are applied before the top --limit are chosen.

            Examples:
              footnote search "how does the write-ahead log work"
              footnote search '"virtual table" -fts3' --limit 5
              footnote search checkpoint --format html,pdf --path 'sqlite-docs/*' --json
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "The query.")
    var query: String

    @Option(name: [.short, .long], help: "Number of hits (default 10).")
    var limit = 10

    @Option(name: .long, help: "Only documents whose path matches this glob (repeatable; relative globs match at any depth).")
    var path: [String] = []

    @Option(name: .long, help: "Only these formats, comma-separated (markdown,text,html,xml,docx,pdf,odt,epub).")
    var format: String?

    @Option(name: .long, help: "lexical (BM25), semantic (vectors) or hybrid (both, fused); default hybrid when the index has vectors.")
    var mode: String?

    @Flag(name: .long, help: "Show how each score came about.")
    var explain = false

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1…1000, got \(limit)") }
        _ = try formats()
        _ = try searchMode()
    }

    func formats() throws -> [DocumentFormat] {
        guard let format else { return [] }
        return try format.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let value = DocumentFormat(rawValue: trimmed == "md" ? "markdown" : trimmed) else {
                let known = DocumentFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("unknown format '\(trimmed)' in --format (known: \(known))")
            }
            return value
        }
    }

    func searchMode() throws -> SearchMode? {
        guard let mode else { return nil }
        guard let value = SearchMode(rawValue: mode) else {
            throw ValidationError("--mode must be lexical, semantic or hybrid, got '\(mode)'")
        }
        return value
    }

    func run() throws {
        let knowledgeBase = try options.openKnowledgeBase(command: "search")
        let request = SearchRequest(
            query: query, limit: limit, filter: SearchFilter(pathGlobs: path, formats: try formats()),
            mode: try searchMode(), explain: explain)
        let hits = try knowledgeBase.search(request)
        if options.json {
            try Terminal.printJSON(SearchOutput(query: query, hits: hits))
            return
        }
        if hits.isEmpty {
            print("No passages match '\(query)'.")
            return
        }
        for (rank, hit) in hits.enumerated() {
            print(HitFormatter.header(rank: rank + 1, hit: hit))
            print("   " + Terminal.highlight(hit.snippet).replacingOccurrences(of: "\n", with: " "))
            print("   " + Terminal.dim("cite: \(hit.citation)  score \(String(format: "%.3f", hit.score))"))
            if explain, let explanation = hit.explanation {
                for line in HitFormatter.explanationLines(explanation) { print("   " + Terminal.dim(line)) }
            }
            print()
        }
    }
}

/// The JSON shape of `footnote search --json` (and of the HTTP API): `{"query": …, "hits": [...]}`.
struct SearchOutput: Encodable {
    let query: String
    let hits: [SearchHit]
}

/// Text rendering of hits and citations.
enum HitFormatter {
    static func location(path: String, page: Int?, pageEnd: Int?, headingPath: [String], lineStart: Int?, lineEnd: Int?) -> String {
        var parts = [Terminal.display(path)]
        if let page {
            parts.append(pageEnd.map { $0 != page ? "pages \(page)–\($0)" : "page \(page)" } ?? "page \(page)")
        }
        if let lineStart {
            parts.append(lineEnd.map { $0 != lineStart ? "lines \(lineStart)–\($0)" : "line \(lineStart)" } ?? "line \(lineStart)")
        }
        if !headingPath.isEmpty { parts.append(headingPath.joined(separator: " › ")) }
        return parts.joined(separator: " · ")
    }

    static func header(rank: Int, hit: SearchHit) -> String {
        let place = location(path: hit.path, page: hit.page, pageEnd: hit.pageEnd, headingPath: hit.headingPath,
                             lineStart: hit.lineStart, lineEnd: hit.lineEnd)
        return Terminal.bold("\(rank). ") + Terminal.cyan(place)
    }

    static func explanationLines(_ explanation: ScoreExplanation) -> [String] {
        var lines: [String] = []
        if let rank = explanation.lexicalRank, let score = explanation.lexicalScore {
            lines.append(String(format: "bm25: rank %d, score %.4f", rank, score))
        }
        if let rank = explanation.semanticRank, let score = explanation.semanticScore {
            lines.append(String(format: "vector: rank %d, cosine %.4f", rank, score))
        }
        lines.append(String(format: "final score %.4f", explanation.fusedScore))
        return lines + explanation.notes
    }
}
