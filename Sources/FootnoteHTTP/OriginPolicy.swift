import HTTPTypes
import Hummingbird
import NIOCore

/// Refuses requests that are not for this server or not from its own pages (see `OriginPolicy`),
/// before authentication, on every route (unknown paths too).
struct OriginMiddleware: RouterMiddleware {
    typealias Context = FootnoteRequestContext
    let policy: OriginPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let host = try policy.checkHost(request.head, localAddress: context.localAddress)
        try policy.checkOrigin(request.head, path: request.uri.path, host: host)
        return try await next(request, context)
    }
}

/// The rules against DNS rebinding and cross-site requests:
/// - `Host` must name this server: the bound address and port, loopback names on a loopback server,
///   or a configured name (`--allowed-host`); anything else is 421, no `Host` is 400.
/// - A state-changing request (any method but GET, HEAD, OPTIONS) from a browser must come from this
///   server's own origin: `Sec-Fetch-Site` same-origin or none, else an `Origin` equal to this server's;
///   requests with neither header (curl, scripts, the CLI) are not browser requests and pass.
/// - Without tokens every caller is the owner, so reads of the API (every path but `/`, `/healthz`
///   and `/openapi.json`) follow the same rule: a page of another site cannot include or read them.
/// No CORS headers are ever sent, so browsers never let another origin read a response either.
struct OriginPolicy: Sendable {
    /// Names (and optional ports) configured with `--allowed-host`.
    let allowedHosts: [HostAuthority]
    /// Host names that always name this server: the bound address, and loopback names on loopback.
    let ownNames: Set<String>
    /// The configured port (0: unknown until bound).
    let port: Int
    /// No tokens: reads are guarded too.
    let guardsReads: Bool

    static let publicPaths: Set<String> = ["/", "/healthz", "/openapi.json"]
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let hostField = HTTPField.Name("Host")!

    init(configuration: ServiceConfiguration) {
        allowedHosts = configuration.allowedHosts.compactMap(HostAuthority.init(parsing:))
        var names: Set<String> = []
        if let bound = HostAuthority(parsing: HostAuthority.literalIfAddress(configuration.host)),
           !["0.0.0.0", "[::]"].contains(bound.host) {
            names.insert(bound.host)
        }
        if ServiceConfiguration.isLoopback(configuration.host) { names.formUnion(["localhost", "127.0.0.1", "[::1]"]) }
        ownNames = names
        port = configuration.port
        guardsReads = configuration.tokens.isEmpty
    }

    /// The request's `Host`, once it is known to name this server.
    func checkHost(_ request: HTTPRequest, localAddress: SocketAddress?) throws -> HostAuthority {
        // NIO moves the first `Host` header to `:authority` and leaves any further one among the fields.
        guard let text = request.authority else {
            throw ServiceError.badRequest(field: "Host", reason: "the request has no Host header (HTTP/1.1 requires one)")
        }
        guard request.headerFields[Self.hostField] == nil else {
            throw ServiceError.badRequest(field: "Host", reason: "the request has more than one Host header")
        }
        guard let host = HostAuthority(parsing: text) else {
            throw ServiceError.badRequest(field: "Host", reason: "'\(text.prefix(100))' is not host[:port]")
        }
        if allowedHosts.contains(where: { $0.host == host.host && ($0.port == nil || $0.port == host.port) }) { return host }
        var names = ownNames
        if let ip = localAddress?.ipAddress {
            names.insert(HostAuthority.literal(ipAddress: ip))
            // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; they write a.b.c.d.
            if ip.lowercased().hasPrefix("::ffff:"), ip.contains(".") { names.insert(String(ip.dropFirst(7))) }
        }
        // In-process requests (tests) have no connection: then only a known configured port is checked.
        let boundPort = localAddress?.port ?? (port == 0 ? nil : port)
        let portMatches = boundPort.map { (host.port ?? 80) == $0 } ?? true
        guard names.contains(host.host), portMatches else {
            throw ServiceError.misdirected(
                "This server does not answer for Host '\(text.prefix(100))'. Use its address (\(names.sorted().joined(separator: ", ")))"
                    + "\(boundPort.map { " with port \($0)" } ?? ""), or start it with --allowed-host NAME (FOOTNOTE_ALLOWED_HOSTS).")
        }
        return host
    }

    /// Refuses a browser request from another origin: any state-changing one, and API reads without tokens.
    func checkOrigin(_ request: HTTPRequest, path: String, host: HostAuthority) throws {
        let changes = ![.get, .head, .options].contains(request.method)
        guard changes || (guardsReads && !Self.publicPaths.contains(path)) else { return }
        let what = changes ? "\(request.method.rawValue) requests (changes)" : "reads of the API on a server without tokens"
        if let site = request.headerFields[Self.secFetchSite]?.lowercased() {
            guard site == "same-origin" || site == "none" else {
                throw ServiceError.crossOrigin(
                    "Refused: the browser says this request comes from another site (Sec-Fetch-Site: \(site.prefix(20))); "
                        + "\(what) are accepted only from this server's own page or from non-browser clients")
            }
            return
        }
        if let origin = request.headerFields[.origin] {
            guard let parsed = HostAuthority.origin(origin), parsed.authority.host == host.host,
                  parsed.port == host.port ?? (parsed.scheme == "https" ? 443 : 80) else {
                throw ServiceError.crossOrigin(
                    "Refused: the request comes from origin '\(origin.prefix(100))', not from this server; "
                        + "\(what) are accepted only from this server's own page or from non-browser clients")
            }
        }
    }
}
