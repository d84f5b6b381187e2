import Foundation
import FootnoteCore

/// The weights checksum of a model folder: the hex SHA-256 of `model.safetensors`.
enum ModelChecksum {
    /// Reads `weights.sha256` (written by scripts/fetch-model.sh) when it is not older than the
    /// weights; otherwise hashes the weights once (≈0.3 s for 87 MiB).
    static func weightsSHA256(modelDirectory: URL, weights: URL) throws -> String {
        let record = modelDirectory.appendingPathComponent("weights.sha256")
        let fm = FileManager.default
        if let text = try? String(contentsOf: record, encoding: .utf8),
           let recordDate = (try? fm.attributesOfItem(atPath: record.path))?[.modificationDate] as? Date,
           let weightsDate = (try? fm.attributesOfItem(atPath: weights.path))?[.modificationDate] as? Date,
           recordDate >= weightsDate {
            let hex = String(text.prefix(64)).lowercased()
            if hex.count == 64, hex.allSatisfy(\.isHexDigit) { return hex }
        }
        let file = try MappedFile(url: weights)
        var hasher = FootnoteCore.SHA256()
        hasher.update(file.bytes)
        return hasher.finalizeHex()
    }
}
