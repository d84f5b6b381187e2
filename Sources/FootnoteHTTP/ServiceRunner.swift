import Foundation
import Footnote
import Hummingbird
import Logging

/// Runs the HTTP service from a synchronous caller (the `footnote` command tree) until SIGINT/SIGTERM.
public enum ServiceRunner {
    /// Opens the index, binds, prints where it listens (stderr) and blocks until the server stops.
    public static func runBlocking(
        footnote: FootnoteConfiguration, service configuration: ServiceConfiguration, askModels: AskModels = .extractive,
        logLevel: Logger.Level = .info
    ) throws {
        try configuration.validate()
        // The executable bootstraps the logging system (once); this logger only sets its own level.
        var logger = Logger(label: "footnote.http")
        logger.logLevel = logLevel
        let service = try KnowledgeService.open(footnote, service: configuration, askModels: askModels)
        let access = configuration.tokens.isEmpty
            ? "no tokens: loopback only, every caller is the owner"
            : "\(configuration.tokens.count) token(s)"
        let app = try FootnoteHTTPServer.buildApplication(service: service, configuration: configuration, logger: logger) { port in
            FileHandle.standardError.write(Data(
                "Footnote serving \(footnote.indexPath) on http://\(configuration.host):\(port)/ (\(access)); uploads in \(service.uploadsDirectory.path)\n".utf8))
        }
        try blockOn { try await app.runService() }
    }

    /// Runs `work` on the concurrency pool and blocks the calling (non-pool) thread until it finishes.
    static func blockOn(_ work: @escaping @Sendable () async throws -> Void) throws {
        let failure = ErrorBox()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { try await work() } catch { failure.set(error) }
            done.signal()
        }
        done.wait()
        if let error = failure.get() { throw error }
    }
}

/// An error handed from a task to a thread that waits for it; `lock` orders the write and the read.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func set(_ value: any Error) { lock.withLock { error = value } }
    func get() -> (any Error)? { lock.withLock { error } }
}
