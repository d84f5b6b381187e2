import ArgumentParser
import Foundation
import Footnote

/// Options shared by `add` and `sync`.
struct IngestOptions: ParsableArguments {
    @Option(name: .long, help: "Leave out files and folders matching this gitignore-style glob (repeatable).")
    var exclude: [String] = []

    @Flag(name: .long, help: "Follow symbolic links that leave the folder being added.")
    var followSymlinks = false

    @Option(name: .long, help: "Skip files larger than this many bytes (default 50 MiB).")
    var maxFileSize: Int?

    @Option(name: .long, help: "Chunk budget in model tokens (default 256).")
    var chunkTokens: Int?

    @Option(name: .long, help: "Tokens of overlap between consecutive chunks (default 32).")
    var chunkOverlap: Int?

    @Option(name: .long, help: "Access group for every document of this run (repeatable; adds to .footnoteaccess files).")
    var group: [String] = []

    @Flag(name: .long, help: "Do not embed new chunks now (run `footnote embed` later).")
    var noEmbed = false

    @Flag(name: [.short, .long], help: "No progress bar and no per-file lines; only the summary and errors.")
    var quiet = false

    func apply(to configuration: inout FootnoteConfiguration) throws {
        configuration.excludes = exclude
        configuration.followExternalSymlinks = followSymlinks
        configuration.accessGroups = group
        configuration.embedWhileIngesting = !noEmbed
        if let maxFileSize {
            guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be positive, got \(maxFileSize)") }
            configuration.maxFileBytes = maxFileSize
        }
        if let chunkTokens {
            guard (16...4096).contains(chunkTokens) else { throw ValidationError("--chunk-tokens must be 16…4096, got \(chunkTokens)") }
            configuration.chunkTokens = chunkTokens
        }
        if let chunkOverlap {
            guard chunkOverlap >= 0, chunkOverlap < configuration.chunkTokens else {
                throw ValidationError("--chunk-overlap must be 0…\(configuration.chunkTokens - 1), got \(chunkOverlap)")
            }
            configuration.chunkOverlapTokens = chunkOverlap
        }
    }

    /// Runs an ingest with a progress bar and prints per-file problems and the summary.
    func run(json: Bool, embedding: Bool, _ body: (@escaping @Sendable (IngestEvent) -> Void) throws -> IngestReport) throws {
        let progress = ProgressBar(enabled: !quiet && !json)
        let report = try body { event in
            progress.handle(event)
            if case let .warned(path, message) = event, !json {
                progress.finish()
                Terminal.standardError("\(Terminal.yellow("warning")) \(Terminal.display(path)): \(Terminal.escaped(message))")
            }
            if case let .processed(path, outcome, _, _, reason) = event, !json {
                switch outcome {
                case .failed:
                    progress.finish()
                    Terminal.standardError("\(Terminal.red("failed"))  \(Terminal.display(path)): \(Terminal.escaped(reason ?? ""))")
                case .skipped where !quiet:
                    progress.finish()
                    Terminal.standardError("\(Terminal.yellow("skipped")) \(Terminal.display(path)): \(Terminal.escaped(reason ?? ""))")
                default:
                    break
                }
            }
        }
        progress.finish()
        if json {
            try Terminal.printJSON(report)
        } else {
            print(report.summary)
            if !embedding { print(Terminal.dim("no embedding model loaded: search is lexical (run `make model` for hybrid search)")) }
        }
        if !report.failed.isEmpty || !report.warnings.isEmpty { throw ExitCode(1) }
    }
}

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add files and folders to the index (only new or changed files are processed).",
        discussion: """
            Formats: Markdown, plain text, HTML/XHTML, XML, DOCX, ODT, EPUB, PDF (via pdftotext). \
            Folders are walked recursively; hidden files, `.footnoteignore` patterns and --exclude globs \
            are left out. A bad file is reported with its reason and the rest is ingested.

            Examples:
              footnote add corpora/
              footnote add docs/ --exclude '*.log' --exclude 'drafts/'
              footnote add report.pdf --index team.sqlite
            """)

    @OptionGroup var options: IndexOptions
    @OptionGroup var ingest: IngestOptions

    @Argument(help: "Files and folders to add.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or folder to add") }
    }

    func run() throws {
        var configuration = try options.configuration()
        try ingest.apply(to: &configuration)
        let knowledgeBase = try options.openKnowledgeBase(configuration)
        try ingest.run(json: options.json, embedding: knowledgeBase.embedder != nil) { observer in
            try knowledgeBase.add(paths, observer: observer)
        }
    }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Bring the index in line with the disk: add and update, remove vanished files, detect renames.",
        discussion: """
            With no paths, every folder ever added is rescanned.

            Examples:
              footnote sync
              footnote sync corpora/
            """)

    @OptionGroup var options: IndexOptions
    @OptionGroup var ingest: IngestOptions

    @Argument(help: "Files and folders to sync (default: all folders added before).")
    var paths: [String] = []

    func run() throws {
        var configuration = try options.configuration()
        try ingest.apply(to: &configuration)
        let knowledgeBase = try options.openKnowledgeBase(configuration)
        try ingest.run(json: options.json, embedding: knowledgeBase.embedder != nil) { observer in
            try knowledgeBase.sync(paths, observer: observer)
        }
    }
}
