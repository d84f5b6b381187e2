import ArgumentParser
import Foundation
import Footnote

struct CiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cite",
        abstract: "Print the exact text a citation id points at, with context, and whether the file changed since.",
        discussion: """
            Examples:
              footnote cite fn:3f2a9c1b7d4e:120-480
              footnote cite fn:3f2a9c1b7d4e:120-480 --context 500 --json
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "A citation id as printed by search (fn:<version>:<start>-<end>).")
    var id: String

    @Option(name: .long, help: "Characters of context on each side (default 200).")
    var context = 200

    func run() throws {
        let knowledgeBase = try options.openKnowledgeBase(withModel: false, command: "cite")
        let view = try knowledgeBase.cite(id, contextLength: max(0, context))
        if options.json {
            try Terminal.printJSON(view)
            return
        }
        let span = view.span
        print(Terminal.cyan(HitFormatter.location(
            path: view.path, page: span.pageStart, pageEnd: span.pageEnd, headingPath: span.headingPath,
            lineStart: span.lineStart, lineEnd: span.lineEnd)))
        if let title = view.title { print(Terminal.dim("title: \(title)")) }
        print(Terminal.dim("characters \(span.start)–\(span.end) of version \(view.versionHash.prefix(12))"))
        print()
        print(Terminal.dim("…" + view.contextBefore) + Terminal.bold(view.text) + Terminal.dim(view.contextAfter + "…"))
        print()
        let status: String
        switch view.drift {
        case .current: status = "the file on disk still matches this version"
        case .changed: status = Terminal.yellow("the file on disk has changed since this version was indexed")
        case .missing: status = Terminal.yellow("the file is no longer on disk")
        }
        print(status + (view.isCurrentVersion ? "" : Terminal.yellow(" (the index holds a newer version)")))
    }
}
