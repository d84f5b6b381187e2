import Foundation

/// Locations of the repository's own material and of the read-only `../shared` folder beside it.
public enum RepositoryPaths {
    /// The repository root, found from this source file's location.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/TestSupport/RepositoryPaths.swift -> repository root
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// `corpora/` in the repository.
    public static var corpora: URL { root.appendingPathComponent("corpora", isDirectory: true) }

    /// `../shared` beside the repository (or `FOOTNOTE_SHARED`), if it exists.
    public static var shared: URL? {
        let candidates = [
            ProcessInfo.processInfo.environment["FOOTNOTE_SHARED"].map { URL(fileURLWithPath: $0) },
            root.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true),
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// A collection under `../shared/datasets`, if present.
    public static func dataset(_ name: String) -> URL? {
        guard let shared else { return nil }
        let url = shared.appendingPathComponent("datasets/\(name)", isDirectory: true)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Whether tests that read `../shared/datasets` should run: the folder is there, or CI demands it
    /// (with `CI` set they then fail when it is absent, as the model tests do).
    public static var shouldRunDatasetTests: Bool { shared != nil || ModelLocation.isCI }

    /// Why dataset tests are skipped.
    public static let datasetSkipReason = "../shared/datasets is not present (set FOOTNOTE_SHARED); skipped outside CI"

    /// A collection under `../shared/datasets`, or an error naming the missing folder.
    public static func requireDataset(_ name: String) throws -> URL {
        guard let url = dataset(name) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey:
                "../shared/datasets/\(name) is not present (shared folder: \(shared?.path ?? "none")); CI needs it"])
        }
        return url
    }
}
