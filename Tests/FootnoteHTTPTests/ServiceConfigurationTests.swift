import Foundation
import Footnote
@testable import FootnoteHTTP
import Testing
import TestSupport

@Suite("Service configuration: loopback addresses, allowed hosts")
struct ServiceConfigurationTests {
    @Test("loopback is decided on parsed addresses, not on how a name begins")
    func loopback() {
        for host in ["127.0.0.1", "127.1.2.3", "127.255.255.255", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1",
                     "localhost", "LOCALHOST"] {
            #expect(ServiceConfiguration.isLoopback(host), "\(host)")
        }
        for host in ["127.evil.example", "127.0.0.1.evil.example", "127.example", "128.0.0.1", "0.0.0.0", "::", "::2",
                     "::ffff:10.0.0.1", "localhost.evil.example", "evil-localhost", "", "[::1", "10.0.0.1", "127.0.0.1:80"] {
            #expect(!ServiceConfiguration.isLoopback(host), "\(host)")
        }
    }

    @Test("binding a name that only looks like loopback needs tokens; a malformed --allowed-host is refused")
    func validation() throws {
        let uploads = URL(fileURLWithPath: "/tmp/x")
        #expect(throws: ServiceError.self) { try ServiceConfiguration(host: "127.evil.example", uploadsDirectory: uploads).validate() }
        #expect((try? ServiceConfiguration(host: "127.0.0.2", uploadsDirectory: uploads).validate()) != nil)
        #expect((try? ServiceConfiguration(host: "::1", uploadsDirectory: uploads).validate()) != nil)
        for bad in ["http://footnote.example", "foot note", "a/b", "name:99999", "name:", ""] {
            #expect(throws: ServiceError.self, "\(bad)") {
                try ServiceConfiguration(allowedHosts: [bad], uploadsDirectory: uploads).validate()
            }
        }
        #expect((try? ServiceConfiguration(allowedHosts: ["footnote.example", "proxy.example:8443", "[::1]:8080"],
                                           uploadsDirectory: uploads).validate()) != nil)
    }

    @Test("--asks: at most that many answers at once, the others wait their turn; 0 is refused")
    func concurrentAsks() async throws {
        let uploads = URL(fileURLWithPath: "/tmp/x")
        var configuration = ServiceConfiguration(uploadsDirectory: uploads)
        #expect(configuration.concurrentAsks == max(1, ProcessInfo.processInfo.activeProcessorCount - 1))
        configuration.concurrentAsks = 0
        #expect(throws: ServiceError.self) { try configuration.validate() }
        // The setting reaches the service that answers.
        let directory = try TemporaryDirectory(prefix: "footnote-asks")
        configuration.concurrentAsks = 3
        configuration.uploadsDirectory = directory.url.appendingPathComponent("uploads")
        let service = try KnowledgeService.open(
            FootnoteConfiguration(indexPath: directory.url.appendingPathComponent("index.sqlite").path), service: configuration)
        #expect(service.askLimiter.limit == 3)

        let limiter = AskLimiter(limit: 2)
        await limiter.acquire()
        await limiter.acquire()
        let third = Task { await limiter.acquire(); return true }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await limiter.active == 2, "a third answer must wait while two run")
        await limiter.release()
        #expect(await third.value)
        #expect(await limiter.active == 2)
        await limiter.release()
        await limiter.release()
        #expect(await limiter.active == 0)
    }

    @Test("Host and Origin values parse into host and port")
    func authorities() {
        #expect(HostAuthority(parsing: "LocalHost:8080") == HostAuthority(host: "localhost", port: 8080))
        #expect(HostAuthority(parsing: "[::1]:8080") == HostAuthority(host: "[::1]", port: 8080))
        #expect(HostAuthority(parsing: "127.0.0.1") == HostAuthority(host: "127.0.0.1", port: nil))
        for bad in ["", "a:b:c", "user@host", "host:0", "host:+80", "[::1", "[zz]:80", "héllo"] {
            #expect(HostAuthority(parsing: bad) == nil, "\(bad)")
        }
        #expect(HostAuthority.origin("https://footnote.example")?.port == 443)
        #expect(HostAuthority.origin("http://127.0.0.1:8080")?.authority == HostAuthority(host: "127.0.0.1", port: 8080))
        #expect(HostAuthority.origin("null") == nil)
        #expect(HostAuthority.origin("file://x") == nil)
    }
}
