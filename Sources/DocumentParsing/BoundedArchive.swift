import Foundation
import ZIPFoundation

/// A read-only ZIP container whose extraction is capped at `limit` bytes in total, checked
/// against each entry's declared size and again while inflating (headers can lie).
final class BoundedArchive {
    private let archive: Archive
    private let fileName: String
    private let limit: Int
    /// What the document's parts may expand into, shared by every part parsed from this archive.
    let budget: MarkupBudget
    /// Bytes inflated so far, over all entries (the archive is used by one parse on one thread).
    private var inflated = 0

    init(data: Data, budget: MarkupBudget) throws {
        let fileName = budget.fileName
        let limit = budget.limits.maxDecompressedBytes
        self.budget = budget
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw DocumentParsingError.corruptArchive(fileName: fileName, reason: "no readable central directory")
        }
        self.fileName = fileName
        self.limit = limit
        let declared = archive.reduce(UInt64(0)) { $0 &+ $1.uncompressedSize }
        if declared > UInt64(limit) {
            throw DocumentParsingError.decompressionLimitExceeded(
                fileName: fileName, entry: "the archive", limit: limit)
        }
    }

    /// Whether the archive has an entry at `path`.
    func contains(_ path: String) -> Bool { archive[path] != nil }

    /// The inflated bytes of `path`, or nil when there is no such entry.
    func data(_ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= UInt64(limit - inflated) else {
            throw DocumentParsingError.decompressionLimitExceeded(fileName: fileName, entry: path, limit: limit)
        }
        var out = Data()
        let limit = self.limit
        var inflated = self.inflated
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                inflated += chunk.count
                guard inflated <= limit else { throw LimitExceeded() }
                out.append(chunk)
            }
        } catch is LimitExceeded {
            throw DocumentParsingError.decompressionLimitExceeded(fileName: fileName, entry: path, limit: limit)
        } catch {
            throw DocumentParsingError.corruptArchive(fileName: fileName, reason: "cannot inflate \(path): \(error)")
        }
        self.inflated = inflated
        return out
    }

    /// The inflated bytes of `path`, or an error naming the missing entry.
    func requiredData(_ path: String) throws -> Data {
        guard let data = try data(path) else {
            throw DocumentParsingError.missingArchiveEntry(fileName: fileName, entry: path)
        }
        return data
    }

    /// Parses the XML entry `path` into a node tree, or nil when the entry is absent.
    func xml(_ path: String) throws -> MarkupNode? {
        guard let data = try data(path) else { return nil }
        try budget.checkMarkup(data, part: path)
        do {
            return try LibXMLDocument(xml: data).rootNode(budget: budget)
        } catch let error as LibXMLError {
            throw DocumentParsingError.malformedMarkup(fileName: fileName, part: path, reason: error.reason)
        }
    }

    private struct LimitExceeded: Error {}
}
