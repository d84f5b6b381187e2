import CFootnoteRank
import CSQLite
import Foundation

/// One token as the full-text index sees it: the indexed term (lowercased, without diacritics, stemmed), its
/// position among the text's tokens, and its UTF-8 byte span in the text.
public struct AnalyzedToken: Sendable, Hashable {
    public var term: String
    public var position: Int
    public var start: Int
    public var end: Int
}

/// The index's tokenizer (`footnote_stem unicode61 remove_diacritics 2`: unicode61's tokens, Snowball English
/// stems) usable outside FTS5. It runs SQLite's own tokenizer code on a private in-memory connection, so a
/// store that keeps its own postings (PostgreSQL) holds exactly the terms and positions FTS5 holds: the same
/// text gives the same BM25 statistics on both.
///
/// Thread-safe: calls are serialised (the FTS5 tokenizer instance keeps a scratch buffer).
public final class FullTextAnalyzer: @unchecked Sendable {
    private let database: Database
    private let analyzer: OpaquePointer
    private let lock = NSLock()

    public init() throws {
        database = try Database(path: ":memory:")
        guard let analyzer = footnote_analyzer_create(database.handle) else {
            throw SQLiteError.failed(operation: "create the full-text analyzer", message: "FTS5 or the footnote_stem tokenizer is unavailable", sql: nil)
        }
        self.analyzer = analyzer
    }

    deinit {
        footnote_analyzer_free(analyzer)
    }

    /// The tokens of `text`, as FTS5 tokenizes a document (`query` false) or a query phrase (`query` true;
    /// `prefix` for a `"phrase"*`, whose last token then matches every term it begins).
    public func tokens(_ text: String, query: Bool = false, prefix: Bool = false) -> [AnalyzedToken] {
        final class Collector {
            var tokens: [AnalyzedToken] = []
        }
        let collector = Collector()
        var utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count < Int(Int32.max) else { return [] }
        let count = Int32(utf8.count)
        let context = Unmanaged.passUnretained(collector).toOpaque()
        lock.lock()
        defer { lock.unlock() }
        utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress?.withMemoryRebound(to: CChar.self, capacity: buffer.count) { bytes in
                _ = footnote_analyzer_tokenize(analyzer, bytes, count, query ? 1 : 0, prefix ? 1 : 0, { context, token, length, start, end in
                    guard let context, let token, length >= 0 else { return SQLITE_OK }
                    let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                    let term = token.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
                    }
                    collector.tokens.append(AnalyzedToken(term: term, position: collector.tokens.count, start: Int(start), end: Int(end)))
                    return SQLITE_OK
                }, context)
            }
        }
        withExtendedLifetime(collector) {}
        return collector.tokens
    }
}
