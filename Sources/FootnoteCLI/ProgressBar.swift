import Foundation
import Footnote

/// A one-line progress bar on stderr (files, chunks, rate, ETA); silent when stderr is not a TTY.
final class ProgressBar: @unchecked Sendable {
    // All fields are guarded by `lock`: events arrive from the ingest loop, one at a time.
    private let lock = NSLock()
    private let enabled: Bool
    private var totalFiles = 0
    private var totalBytes: Int64 = 0
    private var doneFiles = 0
    private var doneBytes: Int64 = 0
    private var chunks = 0
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var embeddingStarted: Date?

    init(enabled: Bool) {
        self.enabled = enabled && Terminal.stderrIsTTY
    }

    func handle(_ event: IngestEvent) {
        lock.withLock {
            switch event {
            case let .planned(files, bytes):
                totalFiles += files
                totalBytes += bytes
            case let .processed(_, outcome, chunks, bytes, _):
                guard outcome != .removed else { return }
                doneFiles += 1
                doneBytes += bytes
                self.chunks += chunks
            case let .embedding(done, total):
                drawEmbedding(done: done, total: total)
                return
            case .warned:
                return
            }
            draw(force: false)
        }
    }

    func finish() {
        lock.withLock {
            guard enabled, doneFiles > 0 else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        }
    }

    private func drawEmbedding(done: Int, total: Int) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        if embeddingStarted == nil { embeddingStarted = Date() }
        let embedElapsed = max(Date().timeIntervalSince(embeddingStarted ?? Date()), 0.001)
        let rate = Double(done) / embedElapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let line = String(format: "\r\u{1B}[2Kembedding %d/%d chunks  %.1f chunks/s  ETA %.0fs  (%.0fs so far)",
                          done, total, rate, eta, elapsed)
        FileHandle.standardError.write(Data(line.utf8))
    }

    private func draw(force: Bool) {
        guard enabled, force || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let fraction = totalBytes > 0 ? Double(doneBytes) / Double(totalBytes) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = Double(doneFiles) / elapsed
        let eta = fraction > 0.01 ? elapsed / fraction - elapsed : 0
        let line = String(
            format: "\r\u{1B}[2K%@ %d/%d files  %d chunks  %.1f files/s  ETA %.0fs",
            bar, doneFiles, totalFiles, chunks, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
