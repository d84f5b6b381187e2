import ArgumentParser
import Foundation
import Footnote

/// Options every subcommand takes: where the index is, and JSON output.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: "Index file (default: $FOOTNOTE_INDEX or indexes/default.sqlite).")
    var index: String?

    @Flag(name: .long, help: "Print machine-readable JSON on stdout.")
    var json = false

    /// The configuration: flags first, then FOOTNOTE_* environment variables, then defaults.
    func configuration() -> FootnoteConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var configuration = FootnoteConfiguration()
        configuration.indexPath = index ?? environment["FOOTNOTE_INDEX"] ?? FootnoteConfiguration.defaultIndexPath
        if let model = environment["FOOTNOTE_MODEL_DIR"] {
            configuration.modelDirectory = URL(fileURLWithPath: model)
        }
        return configuration
    }

    func openKnowledgeBase(_ configuration: FootnoteConfiguration? = nil) throws -> KnowledgeBase {
        try KnowledgeBase(configuration: configuration ?? self.configuration())
    }
}
