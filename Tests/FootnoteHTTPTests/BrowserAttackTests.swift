import Foundation
@testable import FootnoteHTTP
import Hummingbird
import Testing

extension BrowserTests {
    @Test("a page served from another loopback port cannot upload, delete or read through a server without tokens",
          .enabled(if: Chromium.shouldRun, "chromium not found (apt-get install chromium); skipped outside CI"))
    func crossOriginPageIsRefused() async throws {
        try await LiveServer.run(try TestServer(withTokens: false)) { live in
            // Looked up in the index, not through the router: the request metrics below must hold the page's requests only.
            let salaries = try live.server.service.pool.writer.store.documents().first { $0.path.hasSuffix("salaries.md") }
            let documentID = Int(try #require(salaries?.id))
            try await AttackPage.serve(AttackPage.html(target: live.base, documentID: documentID)) { attacker in
                let dom = try await Chromium.run("\(attacker)/attack.html", extra: ["--dump-dom"])
                let requests = AttackPage.requestCounts(live.server.service.metrics.render(includingIndex: false))
                // The page ran: the form was submitted and both fetches went out (the no-cors POST is sent
                // whatever the answer; the DELETE needs a preflight, which finds no CORS headers).
                #expect(dom.contains("<p id=\"form\">submitted</p>"), "\(dom.prefix(800))")
                #expect(dom.contains("<p id=\"post\">sent opaque</p>"))
                #expect(dom.contains("<p id=\"delete\">blocked TypeError</p>"))
                #expect(dom.contains("<p id=\"read\">blocked TypeError</p>"))
                #expect(!dom.contains("salary bands"), "a response body reached the page")
                // The server refused every request of the page itself (not only the browser's CORS rule).
                #expect((requests["POST /v1/documents 403"] ?? 0) >= 2, "\(requests)")
                #expect((requests["GET /v1/search 403"] ?? 0) >= 1, "\(requests)")
                #expect(requests.keys.filter { $0.hasSuffix(" 200") || $0.hasSuffix(" 201") }.isEmpty, "\(requests)")
            }
            // Nothing was planted, nothing deleted.
            #expect(live.storedUploads().filter { !$0.hasSuffix(".footnoteaccess") }.isEmpty, "\(live.storedUploads())")
            let planted = try await live.server.send(.get, "/v1/search?q=zqxplanted").object()["hits"] as? [Any]
            #expect(planted?.isEmpty == true)
            #expect(try await live.server.send(.get, "/v1/documents/\(documentID)").status == .ok)
        }
    }
}

/// An attacker's page on another loopback port: it auto-submits a multipart form, fetches a POST, a
/// DELETE and a read, and includes the API as a script, writing what happened into its own DOM.
enum AttackPage {
    static func html(target: String, documentID: Int) -> String {
        #"""
        <!doctype html><html><head><meta charset="utf-8"><title>another site</title></head><body>
        <p id="form">pending</p><p id="post">pending</p><p id="delete">pending</p><p id="read">pending</p><p id="script">pending</p>
        <iframe name="sink"></iframe>
        <form id="plant" action="TARGET/v1/documents" method="post" enctype="multipart/form-data" target="sink">
        <input type="file" name="file" id="file"></form>
        <script>
        const target = "TARGET";
        const out = (id, text) => { document.getElementById(id).textContent = text; };
        try {
          const transfer = new DataTransfer();
          transfer.items.add(new File(["# Planted\n\nzqxplanted by a form\n"], "planted-form.md", { type: "text/markdown" }));
          document.getElementById("file").files = transfer.files;
          document.getElementById("plant").submit();
          out("form", "submitted");
        } catch (error) { out("form", "error " + error); }
        const data = new FormData();
        data.append("file", new File(["# Planted\n\nzqxplanted by fetch\n"], "planted-fetch.md", { type: "text/markdown" }));
        fetch(target + "/v1/documents", { method: "POST", body: data, mode: "no-cors" })
          .then((r) => out("post", "sent " + r.type), (e) => out("post", "blocked " + e.name));
        fetch(target + "/v1/documents/DOCUMENT", { method: "DELETE" })
          .then((r) => out("delete", "status " + r.status), (e) => out("delete", "blocked " + e.name));
        fetch(target + "/v1/search?q=salary+bands").then((r) => r.text())
          .then((t) => out("read", "read " + t), (e) => out("read", "blocked " + e.name));
        const script = document.createElement("script");
        script.src = target + "/v1/search?q=salary+bands";
        script.onload = () => out("script", "loaded"); script.onerror = () => out("script", "error");
        document.body.appendChild(script);
        </script></body></html>
        """#.replacingOccurrences(of: "TARGET", with: target).replacingOccurrences(of: "DOCUMENT", with: String(documentID))
    }

    /// Serves `html` at `/attack.html` on another free loopback port while `body` runs.
    static func serve(_ html: String, _ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.get("/attack.html") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        }
        let ports = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ports.continuation.yield(channel.localAddress?.port ?? 0) }, logger: TestServer.logger)
        let running = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { running.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body("http://127.0.0.1:\(port)")
    }

    /// `"METHOD route status"` → count, from the Prometheus text of `footnote_http_requests_total`.
    static func requestCounts(_ metrics: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in metrics.split(separator: "\n") where line.hasPrefix("footnote_http_requests_total{") {
            func label(_ name: String) -> String {
                guard let start = line.range(of: "\(name)=\"") else { return "?" }
                return String(line[start.upperBound...].prefix { $0 != "\"" })
            }
            let value = Int(Double(line.split(separator: " ").last ?? "0") ?? 0)
            counts["\(label("method")) \(label("route")) \(label("status"))", default: 0] += value
        }
        return counts
    }
}
