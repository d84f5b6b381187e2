import Foundation
import Footnote
@testable import FootnoteHTTP
import Hummingbird
import TestSupport
import Testing

@Suite("One writer, many readers")
struct ConcurrencyTests {
    @Test("searches running during uploads all succeed, and every upload is searchable afterwards")
    func searchesDuringUploads() async throws {
        let server = try TestServer(withTokens: false, readers: 3)
        let statuses = try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
            group.addTask {
                var statuses: [HTTPResponse.Status] = []
                for n in 1...12 {
                    let reply = try await server.upload([("bulk-\(n).md", "# Bulk \(n)\n\nmarker zqxbulk\(n) and a checkpoint.\n")], token: nil)
                    statuses.append(reply.status)
                }
                return statuses
            }
            for worker in 0..<8 {
                group.addTask {
                    var statuses: [HTTPResponse.Status] = []
                    for round in 0..<25 {
                        let query = ["checkpoint", "write-ahead+log", "Falcon", "salary"][(worker + round) % 4]
                        statuses.append(try await server.send(.get, "/v1/search?q=\(query)").status)
                    }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(statuses.count == 12 + 8 * 25)
        #expect(statuses.allSatisfy { $0 == .ok || $0 == .created }, "\(Set(statuses.map(\.code)))")
        for n in 1...12 {
            let hits = try await server.send(.get, "/v1/search?q=zqxbulk\(n)").object()["hits"] as? [Any]
            #expect(hits?.count == 1, "upload \(n) not searchable")
        }
        #expect(try server.service.pool.writer.store.consistencyProblems().isEmpty)
    }

    // The deadline is decided by a GCD timer, so the outcome does not depend on a starved
    // cooperative pool; no wall-clock bound is asserted (the suite runs on a loaded 2-core machine).
    @Test("work that outlives the time limit is answered with a timeout error (503), not with its late result")
    func timeout() async throws {
        let directory = try TemporaryDirectory()
        let writer = try KnowledgeBase(configuration: FootnoteConfiguration(indexPath: directory.url.appendingPathComponent("i.sqlite").path))
        let pool = try ConnectionPool(writer: writer, readerCount: 1, readTimeout: 0.05)
        do {
            let value = try await pool.read { _ in Thread.sleep(forTimeInterval: 5); return 1 }
            Issue.record("the read returned \(value) instead of timing out")
        } catch let error as ServiceError {
            #expect(error.status == .serviceUnavailable, "\(error)")
        }
        // A read within a longer limit still returns its value.
        let fast = try ConnectionPool(writer: writer, readerCount: 1, readTimeout: 30)
        #expect(try await fast.read { _ in 7 } == 7)
        #expect(ServiceError.timedOut(seconds: 30).status == .serviceUnavailable)
    }
}
