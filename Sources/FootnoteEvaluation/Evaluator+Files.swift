import Foundation
import Footnote
import FootnoteCore

extension Evaluator {
    /// Indexes the files and folders at `paths` as `footnote add` would (every format, the same chunker),
    /// into a temporary index or, with `cacheDirectory`, into one kept per set of paths and brought up to
    /// date with `sync` (changed files re-read, vanished ones removed). With `embed`, every chunk gets a
    /// vector. A file that cannot be read fails the run, named with its reason: a question whose passage
    /// silently went missing would count against the system.
    func index(name: String, paths: [URL], embed: Bool) throws -> IndexedCollection {
        let resolved = paths.map { $0.standardizedFileURL.path }.sorted()
        for path in resolved where !FileManager.default.fileExists(atPath: path) {
            throw FootnoteError.datasetInvalid(path: path, reason: "the documents path does not exist")
        }
        let key = SHA256.hex(resolved.joined(separator: "\u{0}")).prefix(12)
        let (knowledgeBase, temporary) = try openIndex(named: "docs-\(name)-\(key)")
        let started = Date()
        let report = try knowledgeBase.sync(resolved)
        if let failure = report.failed.first {
            let more = report.failed.count > 1 ? " (and \(report.failed.count - 1) more)" : ""
            throw FootnoteError.datasetInvalid(path: failure.path, reason: "cannot be indexed: \(failure.reason)\(more)")
        }
        if embed { _ = try knowledgeBase.embedPending(progress: progress) }
        let documentOfChunk = try knowledgeBase.store.chunkDocumentPaths()
        return IndexedCollection(
            knowledgeBase: knowledgeBase, documentOfChunk: documentOfChunk, chunkCount: documentOfChunk.count,
            indexingSeconds: Date().timeIntervalSince(started), directory: temporary)
    }
}
