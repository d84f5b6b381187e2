import Foundation
import Prometheus
import SearchIndex

/// Prometheus metrics of one service: requests and latency per route, ingest counters, index gauges.
/// Kept in its own registry (not the global `MetricsSystem`) so that tests can run several services.
public final class ServiceMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init() {}

    /// Counts one finished request and records its latency; `route` is the route template (bounded cardinality).
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            name: "footnote_http_requests_total",
            labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(
            name: "footnote_http_request_duration_seconds", labels: [("route", route), ("method", method)],
            buckets: Self.buckets).record(duration)
    }

    /// Counts the outcome of an upload's ingest.
    func recordIngest(_ response: UploadResponse) {
        let counts = [("added", response.added), ("updated", response.updated), ("unchanged", response.unchanged),
                      ("skipped", response.skipped.count), ("failed", response.failed.count)]
        for (outcome, count) in counts where count > 0 {
            registry.makeCounter(name: "footnote_ingest_files_total", labels: [("outcome", outcome)]).increment(by: Int64(count))
        }
        registry.makeCounter(name: "footnote_ingest_runs_total").increment()
    }

    /// Sets the index gauges from fresh statistics.
    func recordIndex(_ statistics: IndexStatistics) {
        registry.makeGauge(name: "footnote_index_documents").set(Double(statistics.documents))
        registry.makeGauge(name: "footnote_index_chunks").set(Double(statistics.chunks))
        registry.makeGauge(name: "footnote_index_versions").set(Double(statistics.versions))
        registry.makeGauge(name: "footnote_index_bytes").set(Double(statistics.fileBytes))
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> String {
        registry.emitToString()
    }
}
