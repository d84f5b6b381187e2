import DocumentParsing
import Foundation
import FootnoteCore
import SearchIndex

extension KnowledgeBase {
    /// Ingests files and folders: new files are added, changed ones get a new version (size and
    /// mtime first, then content hash), unchanged ones are left alone. Each version is written in
    /// its own transaction, so an interrupted run leaves a consistent index that the next run completes.
    /// `recordingRoots: false` leaves the paths out of the roots a bare `sync` rescans (the HTTP service
    /// ingests single uploaded files and records their folder instead).
    public func add(_ paths: [String], recordingRoots: Bool = true, observer: (@Sendable (IngestEvent) -> Void)? = nil) throws -> IngestReport {
        try ingest(paths, removeVanished: false, recordingRoots: recordingRoots, observer: observer)
    }

    /// Like `add`, and also removes documents whose files are gone (or now ignored) and detects
    /// renames by content hash without re-processing. With no paths, rescans every folder ever added.
    public func sync(_ paths: [String] = [], observer: (@Sendable (IngestEvent) -> Void)? = nil) throws -> IngestReport {
        try ingest(paths.isEmpty ? try index.roots() : paths, removeVanished: true, rescanAll: paths.isEmpty, observer: observer)
    }

    private func ingest(
        _ paths: [String], removeVanished: Bool, rescanAll: Bool = false, recordingRoots: Bool = true,
        observer: (@Sendable (IngestEvent) -> Void)?
    ) throws -> IngestReport {
        let started = Date()
        var report = IngestReport()
        let walker = FileWalker(excludes: configuration.excludes, followExternalSymlinks: configuration.followExternalSymlinks)
        let walk = walker.walk(paths)
        if recordingRoots { for root in walk.roots { try index.addRoot(root) } }
        for item in walk.skipped {
            if item.isFailure { report.failed.append(item) } else { report.skipped.append(item) }
            observer?(.processed(path: item.path, outcome: item.isFailure ? .failed : .skipped, chunks: 0, bytes: 0, reason: item.reason))
        }
        observer?(.planned(files: walk.files.count, bytes: walk.files.reduce(0) { $0 + $1.size }))

        let known = Dictionary(try index.documents().map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let walkedPaths = Set(walk.files.map(\.path))
        var vanished: [String: DocumentRecord] = [:]  // by content hash
        if removeVanished {
            for document in known.values where !walkedPaths.contains(document.path) {
                let underRoot = walk.roots.contains { document.path == $0 || document.path.hasPrefix($0 + "/") }
                let gone = !FileManager.default.fileExists(atPath: document.path)
                if underRoot || (rescanAll && gone) { vanished[document.contentHash] = document }
            }
        }

        // Parse in parallel (pure work), write serially (one transaction per version).
        let batchSize = 32
        for batchStart in stride(from: 0, to: walk.files.count, by: batchSize) {
            let batch = Array(walk.files[batchStart..<min(batchStart + batchSize, walk.files.count)])
            let prepared = prepare(batch, known: known, renameCandidates: Set(vanished.keys))
            for (file, preparation) in zip(batch, prepared) {
                try apply(preparation, file: file, known: known, vanished: &vanished, report: &report, observer: observer)
            }
        }
        for document in vanished.values {
            try index.removeDocument(id: document.id)
            report.removed += 1
            observer?(.processed(path: document.path, outcome: .removed, chunks: 0, bytes: 0, reason: nil))
        }
        if embedder != nil, configuration.embedWhileIngesting {
            let embedded = try embedPending { done, total in observer?(.embedding(done: done, total: total)) }
            report.chunksEmbedded = embedded.embedded
            report.vectorsReused = embedded.reused
        } else if report.removed > 0 || report.updated > 0 {
            try index.collectUnusedVectors()
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// What to do with one file, decided off the writer.
    enum Preparation: Sendable {
        case unchanged
        case touch(documentID: Int64)
        case rename(contentHash: String)
        case write(DocumentVersionInput)
        case skip(String)
        case fail(String)
    }

    private func prepare(_ files: [FileCandidate], known: [String: DocumentRecord], renameCandidates: Set<String>) -> [Preparation] {
        let results = ResultSlots<Preparation>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { position in
            results[position] = prepare(files[position], existing: known[files[position].path], renameCandidates: renameCandidates)
        }
        return results.values.map { $0 ?? .fail("internal error: file was not processed") }
    }

    /// The groups a file's document gets: its `.footnoteaccess` groups plus the run's `--group`s.
    func accessGroups(for file: FileCandidate) -> [String] {
        Array(Set(file.accessGroups).union(configuration.accessGroups)).sorted()
    }

    private func prepare(_ file: FileCandidate, existing: DocumentRecord?, renameCandidates: Set<String>) -> Preparation {
        if let existing, existing.size == file.size, existing.mtime == file.mtime { return .unchanged }
        guard file.size <= configuration.maxFileBytes else {
            return .fail("the file is \(file.size) bytes, over the limit of \(configuration.maxFileBytes) bytes (--max-file-size)")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file.path), options: .mappedIfSafe)
        } catch {
            return .fail("cannot read: \(error.localizedDescription)")
        }
        let hash = SHA256.hex(data)
        if let existing, existing.contentHash == hash { return .touch(documentID: existing.id) }
        if existing == nil, renameCandidates.contains(hash) { return .rename(contentHash: hash) }
        do {
            let document = try parser.parse(data: data, fileName: (file.path as NSString).lastPathComponent)
            let chunks = chunker.chunk(document)
            return .write(DocumentVersionInput(
                path: file.path, size: file.size, mtime: file.mtime, contentHash: hash, document: document, chunks: chunks,
                accessGroups: accessGroups(for: file)))
        } catch let error as DocumentParsingError {
            switch error {
            case .unsupportedFormat, .binaryContent: return .skip(Self.reason(error))
            default: return .fail(Self.reason(error))
            }
        } catch {
            return .fail(String(describing: error))
        }
    }

    /// The reason part of a parsing error ("Cannot parse 'x': reason" → "reason"): the path is printed beside it.
    static func reason(_ error: DocumentParsingError) -> String {
        let text = error.description
        guard let range = text.range(of: "': ") else { return text }
        return String(text[range.upperBound...])
    }

    private func apply(
        _ preparation: Preparation, file: FileCandidate, known: [String: DocumentRecord],
        vanished: inout [String: DocumentRecord], report: inout IngestReport, observer: (@Sendable (IngestEvent) -> Void)?
    ) throws {
        var outcome = FileOutcome.unchanged
        var chunks = 0
        var reason: String?
        // Access groups follow `.footnoteaccess` and --group even when the content did not change.
        if let existing = known[file.path], existing.accessGroups != accessGroups(for: file) {
            switch preparation {
            case .unchanged, .touch: try index.setAccessGroups(documentID: existing.id, groups: accessGroups(for: file))
            default: break
            }
        }
        switch preparation {
        case .unchanged:
            report.unchanged += 1
        case let .touch(documentID):
            try index.touchDocument(id: documentID, size: file.size, mtime: file.mtime)
            report.unchanged += 1
            report.bytesRead += file.size
        case let .rename(hash):
            if let document = vanished.removeValue(forKey: hash) {
                try index.renameDocument(id: document.id, to: file.path, size: file.size, mtime: file.mtime)
                if document.accessGroups != accessGroups(for: file) {
                    try index.setAccessGroups(documentID: document.id, groups: accessGroups(for: file))
                }
                report.renamed += 1
                outcome = .renamed
                reason = "from \(document.path)"
            } else {
                // Two new files with the same content: the first took the rename; ingest this one.
                let again = prepare(file, existing: nil, renameCandidates: [])
                try apply(again, file: file, known: known, vanished: &vanished, report: &report, observer: observer)
                return
            }
        case let .write(input):
            guard !input.chunks.isEmpty else {
                report.failed.append(SkippedPath(path: file.path, reason: "no text to index", isFailure: true))
                observer?(.processed(path: file.path, outcome: .failed, chunks: 0, bytes: file.size, reason: "no text to index"))
                return
            }
            try index.writeVersion(input)
            chunks = input.chunks.count
            report.chunksWritten += chunks
            report.bytesRead += file.size
            if known[file.path] == nil { report.added += 1; outcome = .added } else { report.updated += 1; outcome = .updated }
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
