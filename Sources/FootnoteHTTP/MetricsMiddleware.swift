import Hummingbird

/// Records every request's route template, method, status and latency in `ServiceMetrics`.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = FootnoteRequestContext
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next(request, context)
        // The route template (e.g. /v1/cite/{id}) keeps label cardinality bounded; unmatched paths share one label.
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.code,
                              duration: ContinuousClock.now - started)
        return response
    }
}
