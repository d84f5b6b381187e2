import Foundation
import FootnoteCore
import Grounding

/// Gate files on disk: `footnote calibrate --write-gate` writes one, `--gate` / `FOOTNOTE_GATE` read one.
/// The format (and its checks) is Grounding's; the file I/O is here.
extension EvidenceGate {
    /// Reads a gate file; names the file and the bad key or value when it cannot be used.
    /// Throws `FootnoteError.invalidGateFile`.
    public static func load(from url: URL) throws -> EvidenceGate {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FootnoteError.invalidGateFile(
                GroundingError.invalidSetting(name: "gate file", value: url.path, reason: "cannot be read (\(error.localizedDescription))").description)
        }
        do {
            return try decodeFile(data, source: url.path)
        } catch let error as GroundingError {
            throw FootnoteError.invalidGateFile(error.description)
        }
    }

    /// Writes every setting atomically (see `fileData`).
    /// Throws `FootnoteError.invalidGateFile`.
    public func write(to url: URL) throws {
        do {
            try fileData().write(to: url, options: .atomic)
        } catch let error as GroundingError {
            throw FootnoteError.invalidGateFile(error.description)
        } catch {
            throw FootnoteError.invalidGateFile(
                GroundingError.invalidSetting(name: "gate file", value: url.path, reason: "cannot be written (\(error.localizedDescription))").description)
        }
    }
}
