import Foundation

/// Runs a command-line extractor with a time limit, capturing stdout and stderr in files
/// (pipes could fill up and stall the child).
struct ExternalTool {
    struct Result {
        var status: Int32
        var standardOutput: Data
        var standardError: String
        var timedOut: Bool
        /// The tool was stopped because its output passed `maxOutputBytes`.
        var outputLimitHit = false
    }

    var executable: URL

    /// Finds `name` in `directories`, else in the process's `PATH` and the usual system folders.
    static func locate(_ name: String, in directories: [URL]?) -> ExternalTool? {
        let candidates: [URL]
        if let directories {
            candidates = directories
        } else {
            // The search path is how a shell would find the tool; this is the one environment
            // variable the library consults, and the fixed folders cover an empty PATH.
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
            candidates = folders.map { URL(fileURLWithPath: $0, isDirectory: true) }
        }
        for folder in candidates {
            let url = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return ExternalTool(executable: url) }
        }
        return nil
    }

    /// Runs the tool with `arguments`, stopping it after `timeout` seconds, or as soon as its
    /// standard output passes `maxOutputBytes` (checked every 50 ms, so it never grows much past it).
    func run(_ arguments: [String], timeout: TimeInterval, scratch: URL, maxOutputBytes: Int? = nil) throws -> Result {
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)  // failure surfaces below
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        var timedOut = false
        var outputLimitHit = false
        let deadline = DispatchTime.now() + timeout
        while finished.wait(timeout: min(deadline, .now() + .milliseconds(50))) == .timedOut {
            if let maxOutputBytes, Self.size(of: outURL) > maxOutputBytes {
                outputLimitHit = true
            } else if DispatchTime.now() >= deadline {
                timedOut = true
            } else {
                continue
            }
            process.terminate()
            finished.wait()
            break
        }
        if outputLimitHit {
            // The output is not read: it is over the limit by definition.
            return Result(status: process.terminationStatus, standardOutput: Data(), standardError: "", timedOut: false,
                          outputLimitHit: true)
        }
        let output = (try? Data(contentsOf: outURL)) ?? Data()
        let errors = (try? Data(contentsOf: errURL)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Result(status: process.terminationStatus, standardOutput: output, standardError: errors,
                      timedOut: timedOut)
    }

    private static func size(of url: URL) -> Int {
        var info = stat()
        return stat(url.path, &info) == 0 ? Int(info.st_size) : 0
    }
}
