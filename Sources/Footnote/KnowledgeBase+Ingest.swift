import DocumentParsing
import Foundation
import FootnoteCore
import KnowledgeStore

extension KnowledgeBase {
    /// Ingests files and folders: new files are added, changed ones get a new version (size and
    /// mtime first, then content hash), unchanged ones are left alone. Each version is written in
    /// its own transaction, so an interrupted run leaves a consistent index that the next run completes.
    /// Another process adding the same files at the same time is safe: a version it stored meanwhile is
    /// not stored again (counted as unchanged).
    /// `recordingRoots: false` leaves the paths out of the roots a bare `sync` rescans (the HTTP service
    /// ingests single uploaded files and records their folder instead).
    public func add(_ paths: [String], recordingRoots: Bool = true, observer: (@Sendable (IngestEvent) -> Void)? = nil) throws -> IngestReport {
        try ingest(paths, removeVanished: false, recordingRoots: recordingRoots, observer: observer)
    }

    /// Like `add`, and also removes documents whose files are gone (or now ignored) and detects
    /// renames by content hash without re-processing (one vanished document per new file with its
    /// content; vanished documents left over are removed). With no paths, rescans every folder ever added.
    public func sync(_ paths: [String] = [], observer: (@Sendable (IngestEvent) -> Void)? = nil) throws -> IngestReport {
        try ingest(paths.isEmpty ? try store.roots() : paths, removeVanished: true, rescanAll: paths.isEmpty, observer: observer)
    }

    /// The remembered roots a bare `sync` cannot see here, when the store is shared by several machines
    /// (PostgreSQL): another machine's folders (its uploads, say). Their documents are not this machine's to
    /// remove. A single SQLite file has one machine, so there a missing root is a deleted one.
    private func absentSharedRoots(_ roots: [String]) -> Set<String> {
        guard configuration.storeURL != nil else { return [] }
        return Set(roots.filter { FileEntry.realPath(FileWalker.absolute($0)) == nil })
    }

    private func ingest(
        _ paths: [String], removeVanished: Bool, rescanAll: Bool = false, recordingRoots: Bool = true,
        observer: (@Sendable (IngestEvent) -> Void)?
    ) throws -> IngestReport {
        let started = Date()
        var report = IngestReport()
        let walker = FileWalker(excludes: configuration.excludes, followExternalSymlinks: configuration.followExternalSymlinks)
        let walk = walker.walk(paths)
        if recordingRoots { for root in walk.roots { try store.addRoot(root) } }
        let absentRoots = rescanAll ? absentSharedRoots(paths) : []
        for var item in walk.skipped {
            if absentRoots.contains(item.path) {
                item = SkippedPath(path: item.path, reason: "not on this machine: its documents are kept (the store is shared; "
                    + "sync it on the machine that has it, or delete its documents through the API)", isFailure: false)
            }
            if item.isFailure { report.failed.append(item) } else { report.skipped.append(item) }
            observer?(.processed(path: item.path, outcome: item.isFailure ? .failed : .skipped, chunks: 0, bytes: 0, reason: item.reason))
        }
        observer?(.planned(files: walk.files.count, bytes: walk.files.reduce(0) { $0 + $1.size }))

        let known = Dictionary(try store.documents().map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let walkedPaths = Set(walk.files.map(\.path))
        var vanished = VanishedDocuments()
        if removeVanished {
            for document in known.values.sorted(by: { $0.path < $1.path }) where !walkedPaths.contains(document.path) {
                let underRoot = walk.roots.contains { document.path == $0 || document.path.hasPrefix($0 + "/") }
                let gone = !FileEntry.exists(document.path, followLinks: true)
                let elsewhere = absentRoots.contains { document.path == $0 || document.path.hasPrefix($0 + "/") }
                if underRoot || (rescanAll && gone && !elsewhere) { vanished.insert(document) }
            }
        }

        // Parse in parallel (pure work) in waves that fit the memory budget, write serially in walk order
        // (one transaction per version).
        let budget = configuration.parseMemoryBudget.map { Int64($0) }
            ?? ParseScheduler.defaultBudget(maxFileBytes: configuration.maxFileBytes)
        let costs = walk.files.map {
            ParseScheduler.estimatedCost($0, existing: known[$0.path], maxFileBytes: configuration.maxFileBytes)
        }
        for wave in ParseScheduler.waves(costs: costs, budget: budget) {
            let batch = Array(walk.files[wave])
            let prepared = prepare(batch, known: known, renameCandidates: vanished.hashes)
            for (file, preparation) in zip(batch, prepared) {
                try apply(preparation, file: file, known: known, vanished: &vanished, report: &report, observer: observer)
            }
        }
        for document in vanished.remaining {
            try store.removeDocument(id: document.id)
            report.removed += 1
            observer?(.processed(path: document.path, outcome: .removed, chunks: 0, bytes: 0, reason: nil))
        }
        if embedder != nil, configuration.embedWhileIngesting {
            let embedded = try embedPending { done, total in observer?(.embedding(done: done, total: total)) }
            report.chunksEmbedded = embedded.embedded
            report.vectorsReused = embedded.reused
        } else if report.removed > 0 || report.updated > 0 {
            try store.collectUnusedVectors()
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

    func prepare(_ file: FileCandidate, existing: DocumentRecord?, renameCandidates: Set<String>) -> Preparation {
        if let existing, existing.size == file.size, existing.mtime == file.mtime { return .unchanged }
        guard file.size <= configuration.maxFileBytes else {
            return .fail("the file is \(file.size) bytes, over the limit of \(configuration.maxFileBytes) bytes (--max-file-size)")
        }
        let data: Data
        switch RegularFile.contents(of: file.path, limit: configuration.maxFileBytes) {
        case let .data(contents): data = contents
        case let .unreadable(reason): return .fail(reason)
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
}
