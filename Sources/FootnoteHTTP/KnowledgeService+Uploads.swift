import Foundation
import Footnote
import FootnoteCore

/// A file received in an upload.
struct UploadedFile: Sendable {
    var filename: String
    var data: Data
}

extension KnowledgeService {
    /// Stores uploaded files under `<uploads>/<group folder>/` and ingests those files (only those: a file
    /// stored earlier is never parsed again) through `KnowledgeBase.add`. The folder's `.footnoteaccess`
    /// carries the groups, so a later `footnote sync` keeps them. Re-uploading a name into the same groups
    /// stores a new version of that document. A file that is skipped or fails is reported and does not stay
    /// on disk (a file it would have replaced returns); a refused upload leaves nothing on disk.
    func upload(_ files: [UploadedFile], requestedGroups: [String]?, principal: Principal) async throws -> UploadResponse {
        guard principal.canWrite else { throw ServiceError.forbidden("'\(principal.name)' may not upload documents") }
        guard !files.isEmpty else { throw ServiceError.badRequest(field: "file", reason: "the upload holds no file part") }
        let groups = try Self.uploadGroups(requested: requestedGroups, principal: principal)
        var names = Set<String>()
        let named = try files.map { file -> (name: String, data: Data) in
            let name = Self.safeFileName(file.filename)
            guard names.insert(name).inserted else {
                throw ServiceError.badRequest(field: "file", reason: "two files are named '\(name)'")
            }
            return (name, file.data)
        }
        let uploads = uploadsDirectory
        let folder = uploads.appendingPathComponent(Self.folderName(groups: groups), isDirectory: true)
        let response = try await pool.write { knowledgeBase in
            let batch = try UploadBatch.store(named, folder: folder, groups: groups, uploads: uploads)
            let paths = batch.paths
            let report: IngestReport
            do {
                report = try knowledgeBase.add(paths, recordingRoots: false)
            } catch {
                batch.finish { UploadBatch.isIndexed($0.path, in: knowledgeBase) }
                throw error
            }
            let removed = Set(batch.finish { UploadBatch.isIndexed($0.path, in: knowledgeBase) })
            let kept = zip(batch.entries, paths).filter { !removed.contains($0.0.name) }.map(\.1)
            // The folder, not each file, is what a bare `footnote sync` rescans.
            if !kept.isEmpty { try knowledgeBase.rememberFolder(UploadBatch.realPath(folder.path)) }
            let wanted = Set(paths)
            let documents = try kept.compactMap { try knowledgeBase.document(path: $0, accessGroups: nil) }
            let problem = { (item: SkippedPath) in PathProblem(path: item.path, reason: item.reason) }
            return UploadResponse(
                documents: documents.map(DocumentSummary.init), added: report.added, updated: report.updated,
                unchanged: report.unchanged, skipped: report.skipped.filter { wanted.contains($0.path) }.map(problem),
                failed: report.failed.filter { wanted.contains($0.path) }.map(problem))
        }
        metrics.recordIngest(response)
        if response.documents.isEmpty {
            let reasons = (response.failed + response.skipped).map { "\(URL(fileURLWithPath: $0.path).lastPathComponent): \($0.reason)" }
            throw ServiceError.unprocessable(
                code: "not_ingested", message: "No uploaded file could be ingested: " + reasons.joined(separator: "; "))
        }
        return response
    }

    /// Removes a document the caller may see and change; an uploaded file is deleted from disk too.
    func delete(id: Int64, principal: Principal) async throws -> DeleteResponse {
        guard principal.canWrite else { throw ServiceError.forbidden("'\(principal.name)' may not delete documents") }
        let uploads = uploadsDirectory.path + "/"
        return try await pool.write { knowledgeBase in
            guard let record = try knowledgeBase.document(id: id, accessGroups: principal.groups) else {
                throw ServiceError.notFound("No document with id \(id)")
            }
            let isUpload = record.path.hasPrefix(uploads)
            if let groups = principal.groups {
                // Others may delete only uploads restricted to groups they all belong to.
                guard isUpload, !record.accessGroups.isEmpty, Set(record.accessGroups).isSubset(of: groups) else {
                    throw ServiceError.forbidden("'\(principal.name)' may not delete document \(id) (\(record.path))")
                }
            }
            var removed = false
            if isUpload, FileManager.default.fileExists(atPath: record.path) {
                try FileManager.default.removeItem(atPath: record.path)
                removed = true
            }
            try knowledgeBase.remove(documentID: id)
            return DeleteResponse(deleted: id, path: record.path, fileRemoved: removed)
        }
    }

    /// The groups an upload gets: the owner's choice (default: public); for others a non-empty subset of theirs.
    static func uploadGroups(requested: [String]?, principal: Principal) throws -> [String] {
        let cleaned = try requested.map { list in
            try list.map { group -> String in
                let trimmed = group.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, trimmed.count <= 100, !trimmed.hasPrefix("#"),
                      !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
                    throw ServiceError.badRequest(field: "groups", reason: "'\(group)' is not a valid group name")
                }
                return trimmed
            }
        }
        guard let allowed = principal.groups else { return Array(Set(cleaned ?? [])).sorted() }
        let groups = Array(Set(cleaned ?? allowed)).sorted()
        guard !groups.isEmpty else {
            throw ServiceError.forbidden("'\(principal.name)' has no group to give the upload; only the owner may upload public documents")
        }
        let outside = groups.filter { !allowed.contains($0) }
        guard outside.isEmpty else {
            throw ServiceError.forbidden("'\(principal.name)' is not in group(s) \(outside.joined(separator: ", "))")
        }
        return groups
    }

    /// `public` or `groups-<digest>`: one folder (with one `.footnoteaccess`) per set of groups.
    static func folderName(groups: [String]) -> String {
        groups.isEmpty ? "public" : "groups-" + String(SHA256.hex(groups.joined(separator: "\n")).prefix(16))
    }

    /// Longest stored file name in UTF-8 bytes: within the file-system limit (255) with room to spare for
    /// hidden temporary names derived from it.
    static let maxFileNameBytes = 200

    /// A file name that stays inside the folder and is not hidden: the last path component, no control
    /// characters, at most `maxFileNameBytes` UTF-8 bytes cut on a character boundary (the extension kept).
    static func safeFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) })
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.utf8.count > maxFileNameBytes {
            let dot = cleaned.lastIndex(of: ".")
            let suffix = dot.map { String(cleaned[$0...]) }.flatMap { $0.utf8.count <= 16 ? $0 : nil } ?? ""
            var stem = Substring(suffix.isEmpty ? cleaned : String(cleaned[..<(dot ?? cleaned.endIndex)]))
            while stem.utf8.count + suffix.utf8.count > maxFileNameBytes { stem = stem.dropLast() }
            cleaned = (stem.isEmpty ? "upload" : String(stem)) + suffix
        }
        return cleaned.isEmpty ? "upload" : cleaned
    }
}
