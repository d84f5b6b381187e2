import DocumentParsing
import Foundation
import FootnoteCore
import SearchIndex

/// The one place that wires the engines together: ingest, search, cite and evaluate over one index.
public final class KnowledgeBase: Sendable {
    public let configuration: FootnoteConfiguration
    public let index: SearchIndex
    let parser: DocumentParser
    let chunker: Chunker

    /// Opens (creating if needed) the index named by `configuration`. `tokenCounter` budgets chunks:
    /// pass the model's WordPiece tokenizer when there is one; the default is a close estimate.
    public init(configuration: FootnoteConfiguration, tokenCounter: (any TokenCounter)? = nil) throws {
        self.configuration = configuration
        index = try SearchIndex(path: configuration.indexPath)
        parser = DocumentParser(limits: ParsingLimits(
            maxFileBytes: configuration.maxFileBytes, maxDecompressedBytes: configuration.maxDecompressedBytes))
        chunker = Chunker(
            maxTokens: configuration.chunkTokens, overlapTokens: configuration.chunkOverlapTokens,
            counter: tokenCounter ?? HeuristicTokenCounter())
    }
}
