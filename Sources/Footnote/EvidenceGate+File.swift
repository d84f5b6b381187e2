import Foundation
import Grounding

/// Gate files on disk: `footnote calibrate --write-gate` writes one, `--gate` / `FOOTNOTE_GATE` read one.
/// The format (and its checks) is Grounding's; the file I/O is here.
extension EvidenceGate {
    /// Reads a gate file; names the file and the bad key or value when it cannot be used.
    public static func load(from url: URL) throws -> EvidenceGate {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw GroundingError.invalidSetting(name: "gate file", value: url.path, reason: "cannot be read (\(error.localizedDescription))")
        }
        return try decodeFile(data, source: url.path)
    }

    /// Writes every setting atomically (see `fileData`).
    public func write(to url: URL) throws {
        do {
            try fileData().write(to: url, options: .atomic)
        } catch {
            throw GroundingError.invalidSetting(name: "gate file", value: url.path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }
}
