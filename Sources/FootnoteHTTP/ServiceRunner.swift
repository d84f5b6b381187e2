import Foundation
import Footnote
import Hummingbird
import Logging

/// Runs the HTTP service (`footnote serve`) until SIGINT/SIGTERM.
public enum ServiceRunner {
    /// Opens the index, binds, prints where it listens (stderr) and returns when the server stops.
    public static func run(
        footnote: FootnoteConfiguration, service configuration: ServiceConfiguration, askModels: AskModels = .extractive,
        logLevel: Logger.Level = .info
    ) async throws {
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
                "Footnote serving \(footnote.storeDescription) on http://\(configuration.host):\(port)/ (\(access)); uploads in \(service.uploadsDirectory.path)\n".utf8))
        }
        try await app.runService()
    }
}
