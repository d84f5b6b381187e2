import ArgumentParser
import Foundation
import Footnote

/// `footnote migrate`: moves a whole knowledge base between an SQLite file and PostgreSQL, as it is.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move a whole knowledge base to another store (SQLite file ⇄ PostgreSQL) without re-parsing or re-embedding.",
        discussion: """
            Moves every document with its current and older versions (canonical text, page and heading marks, \
            content hash, ingest time), the versions of removed documents, the current chunks with their exact \
            spans, access groups, remembered folders, settings (the gate fitted by `calibrate --self`), the \
            embedder and every vector. Nothing is parsed or embedded again: the destination gives the same \
            passages, scores and citation ids, and every citation id that resolved before still resolves.

            The destination must be empty: migrate never merges two knowledge bases. Stop writers to the source \
            meanwhile. A failure midway leaves the destination partly filled; drop it (delete the file, or \
            DROP SCHEMA … CASCADE) and run again.

            Examples:
              footnote migrate --from indexes/default.sqlite --to 'postgres://footnote@127.0.0.1:5432/footnote?schema=kb'
              footnote migrate --from 'postgres://footnote@db/footnote?schema=kb' --to /tmp/kb.sqlite
            """)

    @Option(name: .long, help: "The store to read: an SQLite index file or a postgres:// URL (optionally ?schema=NAME).")
    var from: String

    @Option(name: .long, help: "The empty store to write: an SQLite index file or a postgres:// URL (optionally ?schema=NAME).")
    var to: String

    @Option(name: .long, help: "Print a progress line on stderr every N documents.")
    var progressEvery = 100

    @Flag(name: [.short, .long], help: "No progress lines.")
    var quiet = false

    @Flag(name: .long, help: "Print the summary as JSON on stdout.")
    var json = false

    func validate() throws {
        guard !from.isEmpty, !to.isEmpty else { throw ValidationError("--from and --to each need a file path or a postgres:// URL.") }
        guard from != to else { throw ValidationError("--from and --to name the same store '\(from)'.") }
        guard progressEvery > 0 else { throw ValidationError("--progress-every must be at least 1, got \(progressEvery).") }
    }

    func run() throws {
        let started = Date()
        let report: @Sendable (Int, Int) -> Void = { (done: Int, total: Int) in
            Terminal.standardError(String(format: "migrated %d/%d documents (%.1f s)", done, total, Date().timeIntervalSince(started)))
        }
        let progress = quiet ? nil : report
        let summary = try KnowledgeBase.migrate(
            from: Self.configuration(for: from), to: Self.configuration(for: to), progressEvery: progressEvery, progress: progress)
        if json { return try Terminal.printJSON(summary) }
        print(String(format: "migrated %d documents, %d versions, %d chunks, %d vectors, %d settings from %@ to %@ in %.1f s",
                     summary.documents, summary.versions, summary.chunks, summary.vectors, summary.settings,
                     summary.source, summary.destination, summary.seconds))
    }

    /// A `postgres://` (or `postgresql://`) URL names a PostgreSQL store (its `?schema=` included); anything else an index file.
    static func configuration(for store: String) -> FootnoteConfiguration {
        guard store.hasPrefix("postgres://") || store.hasPrefix("postgresql://") else { return FootnoteConfiguration(indexPath: store) }
        var configuration = FootnoteConfiguration()
        configuration.storeURL = store
        return configuration
    }
}
