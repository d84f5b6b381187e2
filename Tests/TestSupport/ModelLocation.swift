import Foundation

/// Where tests find the all-MiniLM-L6-v2 model fetched by `scripts/fetch-model.sh`.
public enum ModelLocation {
    /// `FOOTNOTE_MODEL_DIR`, else `~/.cache/footnote/models/all-MiniLM-L6-v2`.
    public static var miniLM: URL {
        if let dir = ProcessInfo.processInfo.environment["FOOTNOTE_MODEL_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir, isDirectory: true)
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/footnote/models/all-MiniLM-L6-v2", isDirectory: true)
    }

    /// Whether the model's weights and vocabulary are present.
    public static var isMiniLMAvailable: Bool {
        ["model.safetensors", "vocab.txt", "config.json"].allSatisfy {
            FileManager.default.fileExists(atPath: miniLM.appendingPathComponent($0).path)
        }
    }

    /// Whether the tests run in CI (`CI` set and not "false"/"0"): there the model is fetched by
    /// `make test`, so model tests must run (and fail when it is missing) instead of being skipped.
    public static var isCI: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() else { return false }
        return !["", "0", "false", "no"].contains(value)
    }

    /// Whether model-dependent tests should run: the model is present, or CI demands it.
    public static var shouldRunModelTests: Bool { isMiniLMAvailable || isCI }

    /// The reason shown when model tests are skipped.
    public static var skipReason: String {
        "all-MiniLM-L6-v2 not found in \(miniLM.path): run scripts/fetch-model.sh (or `make model`) "
            + "or set FOOTNOTE_MODEL_DIR; skipped outside CI"
    }
}
