import ArgumentParser
import Foundation
import Footnote

/// Options every subcommand takes: where the index and the model are, and JSON output.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: "Index file (default: $FOOTNOTE_INDEX or indexes/default.sqlite).")
    var index: String?

    @Option(name: .long, help: "Embedding model folder (default: $FOOTNOTE_MODEL_DIR or ~/.cache/footnote/models/all-MiniLM-L6-v2 when present).")
    var modelDir: String?

    @Flag(name: .long, help: "Print machine-readable JSON on stdout.")
    var json = false

    /// The default model location, where `make model` puts it.
    static var defaultModelDirectory: URL {
        FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/footnote/models/all-MiniLM-L6-v2")
    }

    /// The configuration: flags first, then FOOTNOTE_* environment variables, then defaults.
    func configuration() -> FootnoteConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var configuration = FootnoteConfiguration()
        configuration.indexPath = index ?? environment["FOOTNOTE_INDEX"] ?? FootnoteConfiguration.defaultIndexPath
        if let modelDir {
            configuration.modelDirectory = URL(fileURLWithPath: modelDir)
        } else if let model = environment["FOOTNOTE_MODEL_DIR"], !model.isEmpty {
            configuration.modelDirectory = URL(fileURLWithPath: model)
        } else if FileManager.default.fileExists(atPath: Self.defaultModelDirectory.appendingPathComponent("model.safetensors").path) {
            configuration.modelDirectory = Self.defaultModelDirectory
        }
        return configuration
    }

    /// Opens the knowledge base; `withModel: false` skips loading the embedding model (commands that never embed).
    func openKnowledgeBase(_ configuration: FootnoteConfiguration? = nil, withModel: Bool = true) throws -> KnowledgeBase {
        var resolved = configuration ?? self.configuration()
        if !withModel { resolved.modelDirectory = nil }
        return try KnowledgeBase.open(resolved)
    }
}
