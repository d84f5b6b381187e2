import Foundation

/// How the HTTP service listens, limits requests and authenticates callers (resolved by the executable).
public struct ServiceConfiguration: Sendable {
    /// Address to bind; anything but loopback requires tokens.
    public var host: String
    /// TCP port; 0 picks a free one (tests).
    public var port: Int
    /// Bearer tokens; empty means "loopback only, every caller is the owner".
    public var tokens: TokenRegistry
    /// Further names clients may send in `Host` (`--allowed-host`, `FOOTNOTE_ALLOWED_HOSTS`): `name` (any
    /// port, e.g. behind a reverse proxy) or `name:port`. The bound address, and loopback names on a
    /// loopback server, are always allowed; every other `Host` is refused with 421.
    public var allowedHosts: [String]
    /// Folder that receives uploaded files (default: `<index>.uploads/`).
    public var uploadsDirectory: URL
    /// Read-only connections that serve searches in parallel.
    public var readers: Int
    /// Answers (`/v1/ask`) computed at once; more wait their turn (default: one less than the cores, at least 1).
    public var concurrentAsks: Int = ServiceConfiguration.defaultConcurrentAsks
    /// Largest JSON request body.
    public var maxJSONBytes: Int
    /// Largest multipart upload body (all files together).
    public var maxUploadBytes: Int
    /// Requests that take longer than this get 503 (uploads get `uploadTimeoutSeconds`).
    public var requestTimeoutSeconds: Double
    /// Time limit for one upload request, ingest included.
    public var uploadTimeoutSeconds: Double
    /// Connections idle longer than this are closed.
    public var idleTimeoutSeconds: Double

    /// Settings with the defaults `footnote serve` uses.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, tokens: TokenRegistry = .empty, allowedHosts: [String] = [],
        uploadsDirectory: URL, readers: Int = max(2, ProcessInfo.processInfo.activeProcessorCount), maxJSONBytes: Int = 1 << 20,
        maxUploadBytes: Int = 50 << 20, requestTimeoutSeconds: Double = 30, uploadTimeoutSeconds: Double = 300,
        idleTimeoutSeconds: Double = 60
    ) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.allowedHosts = allowedHosts
        self.uploadsDirectory = uploadsDirectory
        self.readers = readers
        self.maxJSONBytes = maxJSONBytes
        self.maxUploadBytes = maxUploadBytes
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.uploadTimeoutSeconds = uploadTimeoutSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }

    /// An answer keeps a core busy (the question's and its passages' sentence embeddings), so answers are held
    /// to one core less than the machine has and searches keep the rest. Measured on 2 cores (README, "Serving
    /// answers and searches at once"): 1 / 2 / 4 answers at once gave 126 / 150 / 164 answers and 22.7 / 12.1 / 6.3
    /// searches a second.
    public static let defaultConcurrentAsks = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)

    /// The uploads folder the service uses for an index file: `<index>.uploads/` beside it.
    public static func defaultUploadsDirectory(indexPath: String) -> URL {
        URL(fileURLWithPath: indexPath + ".uploads", isDirectory: true).standardizedFileURL
    }

    /// Whether `host` is a loopback address: an IPv4 literal in 127.0.0.0/8, the IPv6 literal ::1 (or
    /// ::ffff:127.x.x.x), or `localhost`. Decided on the parsed address, never on the spelling:
    /// `127.evil.example` is a name, not a loopback address.
    public static func isLoopback(_ host: String) -> Bool {
        var trimmed = host.lowercased()
        if trimmed.hasPrefix("["), trimmed.hasSuffix("]"), trimmed.count >= 2 { trimmed = String(trimmed.dropFirst().dropLast()) }
        if trimmed == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, trimmed, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, trimmed, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }  // ::1
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
        return Array(bytes[0..<12]) == mappedPrefix && bytes[12] == 127  // ::ffff:127.0.0.0/104
    }

    /// Refuses settings that would be unsafe or cannot work, with a message that says what to do.
    public func validate() throws {
        if !Self.isLoopback(host) && tokens.isEmpty {
            throw ServiceError.configuration(
                "Refusing to listen on '\(host)' without access tokens: anyone on the network could read every document. "
                    + "Configure tokens (--tokens-file or FOOTNOTE_TOKENS) or bind 127.0.0.1.")
        }
        guard (0...65535).contains(port) else { throw ServiceError.configuration("Port \(port) is not 0…65535") }
        guard readers >= 1 else { throw ServiceError.configuration("--readers must be at least 1, got \(readers)") }
        guard concurrentAsks >= 1 else { throw ServiceError.configuration("--asks must be at least 1, got \(concurrentAsks)") }
        for name in allowedHosts where HostAuthority(parsing: name) == nil {
            throw ServiceError.configuration(
                "--allowed-host '\(name)' is not a host name or address with an optional port (e.g. footnote.example or footnote.example:8443)")
        }
    }
}
