import Foundation
import Prometheus
import FootnoteCore

/// Prometheus metrics of one service: requests and latency per route, ingest counters, index gauges.
/// Kept in their own registries (not the global `MetricsSystem`) so that tests can run several services.
/// What describes the index's contents (document, chunk, version and byte counts, ingest outcomes) is
/// kept apart, in `indexRegistry`, and shown only to the owner: a group-restricted token must not learn
/// how much the index holds beyond what it may see.
public final class ServiceMetrics: Sendable {
    /// Requests and latency: shown to every caller of `/metrics`.
    public let registry = PrometheusCollectorRegistry()
    /// Index gauges and ingest counters: shown to the owner only.
    public let indexRegistry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    private static func named(_ name: String, unit: String = "", _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "footnote", metricName: name, unitName: unit, helpText: help)
    }
    private static var requests: MetricNameDescriptor { named("http_requests", unit: "total", "HTTP requests by route template, method and status.") }
    private static var latency: MetricNameDescriptor { named("http_request_duration", unit: "seconds", "Time to produce the response, by route.") }
    private static var ingestFiles: MetricNameDescriptor { named("ingest_files", unit: "total", "Uploaded files by ingest outcome.") }
    private static var ingestRuns: MetricNameDescriptor { named("ingest_runs", unit: "total", "Upload requests that ran an ingest.") }
    private static var documents: MetricNameDescriptor { named("index_documents", "Documents in the index.") }
    private static var chunks: MetricNameDescriptor { named("index_chunks", "Chunks (passages) in the index.") }
    private static var versions: MetricNameDescriptor { named("index_versions", "Document versions kept for citations.") }
    private static var bytes: MetricNameDescriptor { named("index", unit: "bytes", "Size of the index file and its WAL.") }

    /// An empty registry.
    public init() {}

    /// Counts one finished request and records its latency; `route` is the route template (bounded cardinality).
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.requests,
            labels: [("route", route), ("method", method), ("status", String(status))]).increment()
        registry.makeDurationHistogram(
            descriptor: Self.latency, labels: [("route", route), ("method", method)],
            buckets: Self.buckets).record(duration)
    }

    /// Counts the outcome of an upload's ingest.
    func recordIngest(_ response: UploadResponse) {
        let counts = [("added", response.added), ("updated", response.updated), ("unchanged", response.unchanged),
                      ("skipped", response.skipped.count), ("failed", response.failed.count)]
        for (outcome, count) in counts where count > 0 {
            indexRegistry.makeCounter(descriptor: Self.ingestFiles, labels: [("outcome", outcome)]).increment(by: Int64(count))
        }
        indexRegistry.makeCounter(descriptor: Self.ingestRuns).increment()
    }

    /// Sets the index gauges from fresh statistics.
    func recordIndex(_ statistics: IndexStatistics) {
        indexRegistry.makeGauge(descriptor: Self.documents).set(Double(statistics.documents))
        indexRegistry.makeGauge(descriptor: Self.chunks).set(Double(statistics.chunks))
        indexRegistry.makeGauge(descriptor: Self.versions).set(Double(statistics.versions))
        indexRegistry.makeGauge(descriptor: Self.bytes).set(Double(statistics.fileBytes))
    }

    /// The Prometheus text exposition: request metrics, and with `includingIndex` the index's own.
    public func render(includingIndex: Bool = true) -> String {
        includingIndex ? registry.emitToString() + indexRegistry.emitToString() : registry.emitToString()
    }
}
