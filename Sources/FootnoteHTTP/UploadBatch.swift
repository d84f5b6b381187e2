import Foundation
import Footnote
import FootnoteCore

/// The files of one upload on their way into a group folder, kept only once the index holds them.
///
/// Each file is written under a hidden temporary name (the walker ignores hidden files) and renamed
/// into place; a file it replaces is first moved to a hidden backup. A journal (`<uploads>/.upload-journal`)
/// names every target and backup before anything moves, so that after a crash in the parser the next
/// start (`recover`) takes back what the index does not hold: the crashing file never stays where a
/// `sync` or a later upload would parse it again.
struct UploadBatch {
    /// One stored file: where it lives and where the file it replaced waits.
    struct Entry: Sendable {
        var name: String
        var path: String
        var backup: String
    }

    /// Journal file name, in the uploads folder (hidden, outside every group folder).
    static let journalName = ".upload-journal"
    let folder: URL
    let journal: URL
    let entries: [Entry]
    /// Whether this upload created the group folder (removed again when nothing stays in it).
    let createdFolder: Bool

    /// Stores `files` in `folder` (created with its `.footnoteaccess`); on any failure, nothing stays.
    static func store(_ files: [(name: String, data: Data)], folder: URL, groups: [String], uploads: URL) throws -> UploadBatch {
        let fileManager = FileManager.default
        let createdFolder = !fileManager.fileExists(atPath: folder.path)
        try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        let accessFile = folder.appendingPathComponent(".footnoteaccess")
        let accessText = groups.isEmpty ? "# public: uploads visible to every caller\n" : groups.joined(separator: "\n") + "\n"
        if (try? String(contentsOf: accessFile, encoding: .utf8)) != accessText {
            try Data(accessText.utf8).write(to: accessFile, options: .atomic)
        }
        let entries = files.map { file in
            Entry(name: file.name, path: folder.appendingPathComponent(file.name).path,
                  backup: folder.appendingPathComponent(".backup-\(UUID().uuidString)").path)
        }
        let batch = UploadBatch(folder: folder, journal: uploads.appendingPathComponent(journalName), entries: entries,
                                createdFolder: createdFolder)
        var stored = 0
        do {
            try Data(entries.map { "\($0.path)\t\($0.backup)\n" }.joined().utf8).write(to: batch.journal, options: .atomic)
            for (entry, file) in zip(entries, files) {
                let temporary = folder.appendingPathComponent(".upload-\(UUID().uuidString)").path
                defer { try? fileManager.removeItem(atPath: temporary) }
                try file.data.write(to: URL(fileURLWithPath: temporary))
                if fileManager.fileExists(atPath: entry.path) { try move(entry.path, to: entry.backup) }
                try move(temporary, to: entry.path)
                stored += 1
            }
        } catch {
            // Files already moved into place go; a backup made for the file that failed returns.
            for (position, entry) in entries.enumerated() where position < stored || fileManager.fileExists(atPath: entry.backup) {
                takeBack(path: entry.path, backup: entry.backup)
            }
            if createdFolder { try? fileManager.removeItem(at: folder) }
            try? fileManager.removeItem(at: batch.journal)
            throw error
        }
        return batch
    }

    /// Every stored file's path (real path: as the index records it).
    var paths: [String] { entries.map { Self.realPath($0.path) } }

    /// Keeps the files `keep` approves, takes back the others (their previous file returns, or they are
    /// deleted), removes backups and the journal, and the folder when this upload created it and it is
    /// left empty. Returns the names taken back.
    @discardableResult
    func finish(keeping keep: (Entry) -> Bool) -> [String] {
        var removed: [String] = []
        for entry in entries {
            if keep(entry) {
                try? FileManager.default.removeItem(atPath: entry.backup)
            } else {
                Self.takeBack(path: entry.path, backup: entry.backup)
                removed.append(entry.name)
            }
        }
        if createdFolder, removed.count == entries.count { try? FileManager.default.removeItem(at: folder) }
        try? FileManager.default.removeItem(at: journal)
        return removed
    }

    /// Whether the index holds the file now at `path` (same content as its current version).
    static func isIndexed(_ path: String, in knowledgeBase: KnowledgeBase) -> Bool {
        guard let data = FileManager.default.contents(atPath: path),
              let record = try? knowledgeBase.document(path: realPath(path), accessGroups: nil) else { return false }
        return record.contentHash == SHA256.hex(data)
    }

    /// After a crash: every journaled file the index does not hold is taken back. Run before serving.
    static func recover(uploads: URL, knowledgeBase: KnowledgeBase) {
        let journal = uploads.appendingPathComponent(journalName)
        guard let text = try? String(contentsOf: journal, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 2, fields.allSatisfy({ $0.hasPrefix(uploads.path + "/") }) else { continue }
            if isIndexed(fields[0], in: knowledgeBase) {
                try? FileManager.default.removeItem(atPath: fields[1])
            } else {
                takeBack(path: fields[0], backup: fields[1])
            }
        }
        try? FileManager.default.removeItem(at: journal)
    }

    /// Puts the previous file back at `path`, or deletes the file there when there was none.
    private static func takeBack(path: String, backup: String) {
        if FileManager.default.fileExists(atPath: backup) {
            _ = rename(backup, path)
        } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private static func move(_ source: String, to target: String) throws {
        guard rename(source, target) == 0 else {
            // A server-side failure: reported as 500 with the reason in the log, not to the client.
            let reason = String(cString: strerror(errno))
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "Cannot store upload '\(target)': \(reason)"])
        }
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
