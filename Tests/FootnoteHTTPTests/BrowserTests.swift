import Foundation
import Footnote
@testable import FootnoteHTTP
import Hummingbird
import Logging
import TestSupport
import Testing

/// Debian's headless Chromium, if installed (`CHROMIUM` overrides the location).
enum Chromium {
    static var path: String? {
        let candidates = [ProcessInfo.processInfo.environment["CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Run when Chromium is present, and always in CI (where its absence is a failure, not a skip).
    static var shouldRun: Bool { path != nil || ModelLocation.isCI }

    /// Loads `url` headless and returns the DOM after scripts ran (or writes a screenshot). Waits on a
    /// dispatch thread so the in-process server keeps the concurrency pool's threads.
    static func run(_ url: String, extra: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try runBlocking(url, extra: extra) }) }
        }
    }

    private static func runBlocking(_ url: String, extra: [String]) throws -> String {
        guard let path else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey:
                "chromium is not installed: run scripts/install-deps.sh (apt-get install chromium) or set CHROMIUM"])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                             "--no-first-run", "--virtual-time-budget=8000"] + extra + [url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite("The web page in a real browser (headless Chromium)", .serialized)
struct BrowserTests {
    /// Serves the test index (no tokens) on a free loopback port while `body` runs.
    func withLiveServer(_ body: @Sendable (String, TestServer) async throws -> Void) async throws {
        try await LiveServer.run(try TestServer(withTokens: false)) { live in try await body(live.base, live.server) }
    }

    /// The DOM after an ask from the page. Chromium's virtual time runs on while the answer streams in,
    /// so on a loaded machine the dump can come before the answer ("Asking…", or an answer region still
    /// empty): then it asks again.
    private func askDOM(_ url: String) async throws -> String {
        var dom = ""
        for _ in 0..<3 {
            dom = try await Chromium.run(url, extra: ["--dump-dom"]).components(separatedBy: "<script>")[0]
            // Still asking, or (a CI run under load) not yet started: the answer region is empty.
            if !dom.contains(">Asking…<"), !dom.contains("<div id=\"answer\" aria-live=\"polite\"></div>") { break }
        }
        return dom
    }

    @Test("a search from the page renders highlighted hits with citation links; screenshot saved",
          .enabled(if: Chromium.shouldRun, "chromium not found (apt-get install chromium); skipped outside CI"))
    func searchInBrowser() async throws {
        try await withLiveServer { base, _ in
            // Only the rendered document, not the page's own script text.
            let dom = try await Chromium.run("\(base)/?q=checkpoint", extra: ["--dump-dom"]).components(separatedBy: "<script>")[0]
            #expect(dom.contains("3 passages (lexical)"), "status line missing in DOM")
            #expect(dom.components(separatedBy: "<li class=\"hit\">").count - 1 == 3)
            #expect(dom.contains("<mark>checkpoint</mark>"))
            #expect(dom.contains("class=\"link cite-link\" type=\"button\" data-citation=\"fn:"))
            let screenshots = RepositoryPaths.root.appendingPathComponent(".build/browser-test", isDirectory: true)
            try FileManager.default.createDirectory(at: screenshots, withIntermediateDirectories: true)
            let phone = screenshots.appendingPathComponent("search-phone.png")
            try? FileManager.default.removeItem(at: phone)
            _ = try await Chromium.run("\(base)/?q=checkpoint", extra: ["--window-size=412,915", "--screenshot=\(phone.path)"])
            let size = (try? FileManager.default.attributesOfItem(atPath: phone.path)[.size] as? Int) ?? 0
            #expect(size > 10_000, "screenshot missing or empty at \(phone.path)")
        }
    }

    @Test("a citation link opens the exact cited span in context",
          .enabled(if: Chromium.shouldRun, "chromium not found (apt-get install chromium); skipped outside CI"))
    func citationInBrowser() async throws {
        try await withLiveServer { base, server in
            let reply = try await server.send(.get, "/v1/search?q=writer+commits&limit=1")
            let hit = try #require((try reply.object()["hits"] as? [[String: Any]])?.first)
            let citation = try #require(hit["citation"] as? String)
            let dom = try await Chromium.run("\(base)/?cite=\(citation)", extra: ["--dump-dom"]).components(separatedBy: "<script>")[0]
            #expect(dom.contains("<aside id=\"cite\" aria-label=\"Cited passage\" tabindex=\"-1\">"), "citation panel not opened")
            #expect(dom.contains("<mark id=\"cited\">"))
            #expect(dom.contains("file current"))
        }
    }

    @Test("an ask from the page shows the answer with numbered citation links",
          .enabled(if: Chromium.shouldRun, "chromium not found (apt-get install chromium); skipped outside CI"))
    func askInBrowser() async throws {
        try await withLiveServer { base, _ in
            let dom = try await askDOM("\(base)/?ask=What+does+the+write-ahead+log+keep+working%3F")
            #expect(dom.contains("<p class=\"answer-text\">"), "answer not rendered")
            #expect(dom.contains("aria-label=\"citation 1\">[1]</button>"))
            #expect(dom.contains("<ol class=\"sources\">"))
            #expect(dom.contains("extractive"))
            #expect(dom.contains("evidence ") && dom.contains(" threshold 0.38"), "the gate's verdict is shown")
        }
    }

    @Test("an abstention from the page lists the nearest passages and the evidence that fell short",
          .enabled(if: Chromium.shouldRun, "chromium not found (apt-get install chromium); skipped outside CI"))
    func abstentionInBrowser() async throws {
        try await withLiveServer { base, _ in
            let dom = try await askDOM("\(base)/?ask=Which+football+team+won+the+World+Cup+checkpoint+trophy+in+2014%3F")
            #expect(dom.contains("The knowledge base does not answer this."), "abstention not rendered")
            #expect(dom.contains("Nearest passages"))
            #expect(dom.contains("<ol class=\"sources\">"))
            #expect(dom.contains("abstained · evidence 0."), "\(dom.suffix(600))")
            #expect(dom.contains("&lt; threshold 0.38") || dom.contains("< threshold 0.38"))
        }
    }
}
