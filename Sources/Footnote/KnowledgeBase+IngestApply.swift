import Foundation
import KnowledgeStore
import FootnoteCore

extension KnowledgeBase {
    /// Carries out one file's preparation on the writer, in walk order, and reports it.
    func apply(
        _ preparation: Preparation, file: FileCandidate, known: [String: DocumentRecord],
        vanished: inout VanishedDocuments, report: inout IngestReport, observer: (@Sendable (IngestEvent) -> Void)?
    ) throws {
        var outcome = FileOutcome.unchanged
        var chunks = 0
        var reason: String?
        // Access groups follow `.footnoteaccess` and --group even when the content did not change.
        if let existing = known[file.path], existing.accessGroups != accessGroups(for: file) {
            switch preparation {
            case .unchanged, .touch: try store.setAccessGroups(documentID: existing.id, groups: accessGroups(for: file))
            default: break
            }
        }
        switch preparation {
        case .unchanged:
            report.unchanged += 1
        case let .touch(documentID):
            try store.touchDocument(id: documentID, size: file.size, mtime: file.mtime)
            report.unchanged += 1
            report.bytesRead += file.size
        case let .rename(hash):
            guard let document = vanished.take(hash: hash) else {
                // More new files with this content than vanished documents: this one is ingested.
                let again = prepare(file, existing: nil, renameCandidates: [])
                try apply(again, file: file, known: known, vanished: &vanished, report: &report, observer: observer)
                return
            }
            if try store.renameDocument(id: document.id, to: file.path, size: file.size, mtime: file.mtime) {
                if document.accessGroups != accessGroups(for: file) {
                    try store.setAccessGroups(documentID: document.id, groups: accessGroups(for: file))
                }
                report.renamed += 1
                outcome = .renamed
                reason = "from \(document.path)"
            } else {
                // Another writer indexed this path meanwhile: keep its document, remove the vanished one.
                vanished.insert(document)
                report.unchanged += 1
            }
        case let .write(input):
            guard !input.chunks.isEmpty else {
                report.failed.append(SkippedPath(path: file.path, reason: "no text to index", isFailure: true))
                observer?(.processed(path: file.path, outcome: .failed, chunks: 0, bytes: file.size, reason: "no text to index"))
                return
            }
            report.bytesRead += file.size
            // Checked inside the write transaction: another process may have stored this content meanwhile.
            switch try store.writeVersionUnlessCurrent(input) {
            case .created:
                report.added += 1
                outcome = .added
            case .updated:
                report.updated += 1
                outcome = .updated
            case .unchanged:
                report.unchanged += 1
            }
            if outcome != .unchanged {
                chunks = input.chunks.count
                report.chunksWritten += chunks
            }
            for warning in input.document.warnings {
                report.warnings.append(SkippedPath(path: file.path, reason: warning, isFailure: true))
                observer?(.warned(path: file.path, message: warning))
            }
        case let .skip(why):
            report.skipped.append(SkippedPath(path: file.path, reason: why, isFailure: false))
            outcome = .skipped
            reason = why
        case let .fail(why):
            report.failed.append(SkippedPath(path: file.path, reason: why, isFailure: true))
            outcome = .failed
            reason = why
        }
        observer?(.processed(path: file.path, outcome: outcome, chunks: chunks, bytes: file.size, reason: reason))
    }
}

/// Documents whose files are gone, grouped by content hash, so that renames match one to one: each new
/// file with a vanished document's content takes one of them; those left over are removed.
struct VanishedDocuments {
    private var byHash: [String: [DocumentRecord]] = [:]

    /// Adds a document (insert in path order: `take` hands them out first in, first out).
    mutating func insert(_ document: DocumentRecord) {
        byHash[document.contentHash, default: []].append(document)
    }

    /// Content hashes that still have a vanished document.
    var hashes: Set<String> { Set(byHash.keys) }

    /// Takes one vanished document with this content hash, if any is left.
    mutating func take(hash: String) -> DocumentRecord? {
        guard var documents = byHash[hash], !documents.isEmpty else { return nil }
        let document = documents.removeFirst()
        byHash[hash] = documents.isEmpty ? nil : documents
        return document
    }

    /// Every document no rename took, sorted by path.
    var remaining: [DocumentRecord] {
        byHash.values.flatMap { $0 }.sorted { $0.path < $1.path }
    }
}

/// Fixed slots written from `concurrentPerform` workers, one slot per iteration.
final class ResultSlots<Value>: @unchecked Sendable {
    // Each index is written by exactly one iteration and read only after concurrentPerform returns;
    // `lock` guards the array's storage against concurrent mutation of its buffer.
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    var values: [Value?] { lock.withLock { storage } }
}
