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
}
