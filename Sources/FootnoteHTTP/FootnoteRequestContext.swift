import Hummingbird
import Logging
import NIOCore

/// The per-request context: Hummingbird's core storage plus the authenticated caller and body limit.
public struct FootnoteRequestContext: RequestContext, Sendable {
    /// Hummingbird's storage (logger with `hb.request.id`, route parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// The caller, set by `CallerMiddleware`; nil until then (routes refuse to run without one).
    public var principal: Principal?
    /// Largest JSON body `request.decode` accepts.
    public var maxUploadSize: Int = 1 << 20
    /// The address and port the request's connection arrived at; nil for in-process requests (tests).
    public var localAddress: SocketAddress?

    /// Called by the server for each request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        localAddress = source.channel.localAddress
    }

    /// A context for in-process tests: only a logger (which must carry `hb.request.id`).
    public init(logger: Logger) {
        coreContext = CoreRequestContextStorage(source: LoggerSource(logger: logger))
    }

    /// The authenticated caller.
    func caller() throws -> Principal {
        guard let principal else { throw ServiceError.unauthorized("No caller was identified for this request") }
        return principal
    }

    /// The request id shown in logs, error bodies and the `X-Request-ID` header.
    var requestID: String {
        logger[metadataKey: "hb.request.id"].map { "\($0)" } ?? "-"
    }
}

/// A context source that carries only a logger.
private struct LoggerSource: RequestContextSource {
    let logger: Logger
}
