import Foundation

/// Runs the built `footnote` executable (built beside the test bundle by `swift build --build-tests`).
public enum FootnoteBinary {
    /// The executable's location, if it was built.
    public static var url: URL? {
        var candidates: [URL] = []
        if let environment = ProcessInfo.processInfo.environment["FOOTNOTE_BINARY"] {
            candidates.append(URL(fileURLWithPath: environment))
        }
        // The test bundle lives in .build/<triple>/debug/; the executable is built into the same folder.
        let bundle = Bundle.main.bundleURL
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("footnote"))
        candidates.append(bundle.appendingPathComponent("footnote"))
        candidates.append(RepositoryPaths.root.appendingPathComponent(".build/debug/footnote"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The result of one run.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `footnote` with `arguments` in `directory` and waits for it.
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = try start(arguments, in: directory, environment: environment)
        let output = process.outputPipe.fileHandleForReading.readDataToEndOfFile()
        let errors = process.errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Result(status: process.process.terminationStatus,
                      stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self))
    }

    /// A started process with its pipes.
    public struct Running {
        public let process: Process
        public let outputPipe: Pipe
        public let errorPipe: Pipe
    }

    /// Starts `footnote` without waiting.
    public static func start(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Running {
        guard let url else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the footnote executable is not built (run swift build)"])
        }
        return try launch(url, arguments, in: directory, environment: environment)
    }

    /// Runs another program (e.g. `/usr/bin/time` wrapping `footnote`) with the environment `footnote` gets, and waits.
    public static func runExecutable(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = try launch(executable, arguments, in: nil, environment: environment)
        let output = process.outputPipe.fileHandleForReading.readDataToEndOfFile()
        let errors = process.errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Result(status: process.process.terminationStatus,
                      stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self))
    }

    private static func launch(_ url: URL, _ arguments: [String], in directory: URL?, environment: [String: String]) throws -> Running {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["FOOTNOTE_INDEX"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        try process.run()
        return Running(process: process, outputPipe: outputPipe, errorPipe: errorPipe)
    }
}
