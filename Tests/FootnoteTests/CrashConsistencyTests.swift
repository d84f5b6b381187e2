import Foundation
import SearchIndex
import FootnoteCore
import Testing
import TestSupport

@Suite("An ingest killed with SIGKILL leaves a consistent index that the next run completes")
struct CrashConsistencyTests {
    @Test("kill -9 in the middle of `footnote add`")
    func killNine() throws {
        guard FootnoteBinary.url != nil else {
            Issue.record("the footnote executable is not built; run `swift build` (make test does)")
            return
        }
        let directory = try TemporaryDirectory(prefix: "footnote-kill")
        let paragraph = "Write-ahead logging keeps readers and writers apart while checkpoints move pages. "
        for number in 0..<600 {
            try directory.write("docs/doc\(number).md",
                                "# Document \(number)\n\n" + String(repeating: paragraph + "Item \(number). ", count: 40))
        }
        let index = directory.url.appendingPathComponent("index.sqlite").path
        let running = try FootnoteBinary.start(["add", directory.url.appendingPathComponent("docs").path, "--index", index, "--quiet"])
        // Wait until some documents are committed, then kill without warning.
        let deadline = Date().addingTimeInterval(60)
        var committed = 0
        while Date() < deadline, running.process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            if let count = try? SearchIndex(path: index).statistics().documents, count >= 20 { committed = count; break }
        }
        #expect(running.process.isRunning, "the ingest finished before it could be killed; make the tree bigger")
        kill(running.process.processIdentifier, SIGKILL)
        running.process.waitUntilExit()
        #expect(running.process.terminationReason == .uncaughtSignal)

        let afterKill = try SearchIndex(path: index)
        #expect(try afterKill.consistencyProblems().isEmpty)
        let partial = try afterKill.statistics().documents
        #expect(partial >= committed && partial < 600)

        let rerun = try FootnoteBinary.run(["add", directory.url.appendingPathComponent("docs").path, "--index", index, "--json"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let complete = try SearchIndex(path: index)
        #expect(try complete.statistics().documents == 600)
        #expect(try complete.consistencyProblems().isEmpty)
    }
}
