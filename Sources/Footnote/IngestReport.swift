import Foundation

/// What happened to one file during `add` or `sync`.
public enum FileOutcome: String, Sendable, Hashable, Codable {
    case added, updated, unchanged, renamed, removed, skipped, failed
}

/// Progress of an ingest, for progress bars and logs.
public enum IngestEvent: Sendable {
    /// The walk found this many files holding this many bytes.
    case planned(files: Int, bytes: Int64)
    /// One file was handled; `chunks` is the number of chunks written (0 when none).
    case processed(path: String, outcome: FileOutcome, chunks: Int, bytes: Int64, reason: String?)
    /// Embedding progress after the files were written: chunks done of total pending.
    case embedding(done: Int, total: Int)
    /// A file was ingested, but some of its text could not be kept (the message says what).
    case warned(path: String, message: String)
}

/// The summary of an `add` or `sync` run.
public struct IngestReport: Sendable, Hashable, Codable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var renamed = 0
    public var removed = 0
    /// Paths passed over on purpose (unsupported format, binary, a link leaving the root), with reasons.
    public var skipped: [SkippedPath] = []
    /// Paths that could not be ingested (bad input), with reasons.
    public var failed: [SkippedPath] = []
    /// Paths that were ingested without some of their text, with what was lost (exit status 1 too).
    public var warnings: [SkippedPath] = []
    public var chunksWritten = 0
    /// Chunks embedded by this run, and chunks that reused a vector stored for the same text.
    public var chunksEmbedded = 0
    public var vectorsReused = 0
    public var bytesRead: Int64 = 0
    public var seconds: Double = 0

    public init() {}

    /// The one-line summary printed at the end of a run.
    public var summary: String {
        "\(added) added, \(updated) updated, \(unchanged) unchanged, \(renamed) renamed, \(removed) removed, "
            + "\(skipped.count) skipped, \(failed.count) failed"
            + (warnings.isEmpty ? "" : ", \(warnings.count) incomplete") + " (\(chunksWritten) chunks, \(chunksEmbedded) embedded"
            + (vectorsReused > 0 ? ", \(vectorsReused) vectors reused" : "") + ", in \(String(format: "%.1f", seconds)) s)"
    }
}
