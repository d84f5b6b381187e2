import Foundation
import Hummingbird
import Logging
import NIOCore

/// Builds the Footnote HTTP service: the router (for in-process tests) and the application (to run).
public enum FootnoteHTTPServer {
    /// Every route, with error translation, metrics, request logs, `Host` and origin checks and authentication.
    public static func buildRouter(service: KnowledgeService, configuration: ServiceConfiguration) -> Router<FootnoteRequestContext> {
        let router = Router(context: FootnoteRequestContext.self)
        router.middlewares.add(MetricsMiddleware(metrics: service.metrics))
        router.middlewares.add(ErrorMiddleware())
        router.middlewares.add(LogRequestsMiddleware(.info))
        router.middlewares.add(OriginMiddleware(policy: OriginPolicy(configuration: configuration)))
        let caller = CallerMiddleware(tokens: configuration.tokens, maxJSONBytes: configuration.maxJSONBytes)

        router.get("/") { _, _ in
            var response = JSONResponse.text(WebPage.html, contentType: "text/html; charset=utf-8")
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
            return response
        }
        router.get("/healthz") { _, _ -> Response in try JSONResponse.make(try await service.health()) }
        router.get("/openapi.json") { _, _ in JSONResponse.text(OpenAPIDocument.json, contentType: "application/json") }
        // Index-wide figures (documents, chunks, bytes, ingest outcomes) for the owner only, as in /v1/stats.
        router.group("/metrics").add(middleware: caller).get { _, context -> Response in
            let owner = try context.caller().isOwner
            if owner, let statistics = try? await service.indexGauges() { service.metrics.recordIndex(statistics) }
            return JSONResponse.text(service.metrics.render(includingIndex: owner), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        let api = router.group("/v1").add(middleware: caller)
        api.addSearchRoutes(service: service)
        api.addCiteRoutes(service: service)
        api.addDocumentRoutes(service: service, maxUploadBytes: configuration.maxUploadBytes)
        api.addStatsRoutes(service: service)
        api.addAskRoutes(service: service)
        return router
    }

    /// The runnable application bound to `configuration.host:port`; `onServerRunning` receives the bound port.
    public static func buildApplication(
        service: KnowledgeService, configuration: ServiceConfiguration, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        try configuration.validate()
        let router = buildRouter(service: service, configuration: configuration)
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeoutSeconds * 1000)))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Footnote"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
