import Foundation
import Testing
import TestSupport

/// Helpers for ingest tests: files whose names are raw bytes, FIFOs, and runs of the executable with a deadline.
enum IngestTestSupport {
    /// Creates `folder/<name bytes>` holding `contents`, for names that are not valid UTF-8 (Foundation cannot spell them).
    static func writeRawName(_ name: [UInt8], in folder: URL, contents: String) throws {
        let descriptor = withRawPath(name, in: folder) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw POSIXError(.EIO) }
    }

    /// Creates a folder whose name is raw bytes.
    static func makeRawFolder(_ name: [UInt8], in folder: URL) throws {
        let status = withRawPath(name, in: folder) { mkdir($0, 0o755) }
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Removes `folder/<name bytes>`.
    static func removeRawName(_ name: [UInt8], in folder: URL) {
        _ = withRawPath(name, in: folder) { unlink($0) }
    }

    /// Calls `body` with the C string `folder/<name bytes>` (-1 if it cannot be made).
    static func withRawPath(_ name: [UInt8], in folder: URL, _ body: (UnsafePointer<CChar>) -> Int32) -> Int32 {
        let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]
        return path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                guard let base = characters.baseAddress else { return -1 }
                return body(base)
            }
        }
    }

    /// Makes a FIFO at `url`.
    static func makeFIFO(_ url: URL) throws {
        guard mkfifo(url.path, 0o644) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    /// Runs `footnote` and waits at most `seconds`; a run still going then is killed and reported as timed out.
    static func run(_ arguments: [String], in directory: URL? = nil, seconds: Double = 120) throws -> (result: CLIRun, timedOut: Bool) {
        let running = try FootnoteBinary.start(arguments, in: directory)
        let output = PipeCollector(running.outputPipe)
        let errors = PipeCollector(running.errorPipe)
        let deadline = Date().addingTimeInterval(seconds)
        while running.process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let timedOut = running.process.isRunning
        if timedOut { kill(running.process.processIdentifier, SIGKILL) }
        running.process.waitUntilExit()
        let result = CLIRun(status: running.process.terminationStatus, stdout: output.text(), stderr: errors.text())
        return (result, timedOut)
    }
}

/// The outcome of one run of the executable.
struct CLIRun {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Reads a pipe on a background thread so that a chatty child never blocks on a full pipe.
final class PipeCollector: @unchecked Sendable {
    // `data` is written once by the reading thread and read after `done` is signalled.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Everything the child wrote, once the pipe is closed (waits at most 10 s after the child exited).
    func text() -> String {
        _ = done.wait(timeout: .now() + 10)
        return String(decoding: data, as: UTF8.self)
    }
}
