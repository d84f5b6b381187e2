import ArgumentParser
import Foundation
import Footnote
import FootnoteHTTP

/// `footnote serve`: the HTTP API, the web page, /metrics and /openapi.json.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the index over HTTP: JSON API under /v1, a web page at /, /metrics, /openapi.json.",
        discussion: """
            Without tokens the server binds loopback only and every caller is the index's owner. With tokens \
            (--tokens-file, FOOTNOTE_TOKENS_FILE or FOOTNOTE_TOKENS) every /v1 request needs \
            'Authorization: Bearer <token>', and each token's groups decide which documents it can see. \
            Token files hold SHA-256 digests only: printf %s "$TOKEN" | sha256sum

            Every request must name this server in its Host header: the bound address and port, localhost \
            on a loopback server, or a name given with --allowed-host (or FOOTNOTE_ALLOWED_HOSTS, comma-\
            separated), e.g. the public name behind a reverse proxy; others get 421. Browsers may change \
            documents only from the server's own page, and without tokens may read /v1 only from there too.

            Examples:
              footnote serve --port 8080
              footnote serve --host 0.0.0.0 --tokens-file tokens.json --allowed-host footnote.example
              FOOTNOTE_TOKENS='alice:engineering:<sha256>:write' footnote serve
            """)

    @OptionGroup var options: IndexOptions

    @OptionGroup(title: "Language model for /v1/ask (none: extractive answers)") var language: LanguageModelOptions
    @OptionGroup(title: "Evidence gate for /v1/ask") var gateOptions: GateOptions

    @Option(name: .long, help: "Address to bind (default 127.0.0.1; anything else requires tokens).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "TCP port (default 8080; 0 picks a free port).")
    var port = 8080

    @Option(name: .long, help: "A further name clients may use in Host: NAME (any port) or NAME:PORT (repeatable; default: $FOOTNOTE_ALLOWED_HOSTS, comma-separated).")
    var allowedHost: [String] = []

    @Option(name: .long, help: "JSON file of token digests, principals and groups (default: $FOOTNOTE_TOKENS_FILE).")
    var tokensFile: String?

    @Option(name: .long, help: "Folder for uploaded files (default: <index>.uploads/ beside the index).")
    var uploads: String?

    @Option(name: .long, help: "Read connections serving searches in parallel (default: number of cores, at least 2).")
    var readers: Int?

    @Option(name: .long, help: "Answers (/v1/ask) computed at once; more wait their turn (default: one less than the cores, at least 1).")
    var asks: Int?

    @Option(name: .long, help: "Largest upload in MiB (default 50).")
    var maxUploadMb = 50

    @Option(name: .long, help: "Seconds before a request is answered with 503 (default 30; uploads 300).")
    var timeout = 30.0

    @Flag(name: .long, help: "No embedder (neither the native model nor --embed-url): lexical search only, uploads are not embedded.")
    var noModel = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port)") }
        guard (1...4096).contains(maxUploadMb) else { throw ValidationError("--max-upload-mb must be 1…4096") }
        if let readers, !(1...64).contains(readers) { throw ValidationError("--readers must be 1…64") }
        if let asks, !(1...64).contains(asks) { throw ValidationError("--asks must be 1…64, got \(asks)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        var footnote = try options.configuration()
        if noModel { footnote.embedder = .none }
        let environment = ProcessInfo.processInfo.environment
        var tokens = TokenRegistry.empty
        if let file = tokensFile ?? environment["FOOTNOTE_TOKENS_FILE"], !file.isEmpty {
            tokens = try TokenRegistry.load(file: URL(fileURLWithPath: file))
        }
        if let value = environment["FOOTNOTE_TOKENS"], !value.isEmpty {
            tokens = tokens.merging(try TokenRegistry.parse(environmentValue: value))
        }
        // Flags win over the environment, as everywhere.
        let allowedHosts = !allowedHost.isEmpty ? allowedHost : (environment["FOOTNOTE_ALLOWED_HOSTS"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var service = ServiceConfiguration(
            host: host, port: port, tokens: tokens, allowedHosts: allowedHosts,
            uploadsDirectory: uploads.map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? ServiceConfiguration.defaultUploadsDirectory(indexPath: footnote.indexPath),
            maxUploadBytes: maxUploadMb << 20, requestTimeoutSeconds: timeout)
        if let readers { service.readers = readers }
        if let asks { service.concurrentAsks = asks }
        do {
            try service.validate()
        } catch let error as ServiceError {
            throw ValidationError(error.description)
        }
        let models = try language.models()
        try await ServiceRunner.run(footnote: footnote, service: service, askModels: AskModels(fast: models.fast, deep: models.deep, gate: try gateOptions.explicitGate()?.gate, reader: language.sentenceReader))
    }
}
