import Foundation
import Testing
import TestSupport

/// The boundaries the architecture promises (ARCHITECTURE.md), read from the source tree: a change that
/// crosses one fails here instead of waiting for a reviewer's grep.
@Suite("The source tree keeps its layers")
struct LayeringTests {
    /// Every `.swift` file under `Sources/<module>` for each module, with its text.
    static func sources(in modules: [String]) throws -> [(path: String, text: String)] {
        var result: [(String, String)] = []
        for module in modules {
            let folder = RepositoryPaths.root.appendingPathComponent("Sources/\(module)", isDirectory: true)
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "cannot list \(folder.path)"])
            }
            for case let file as URL in walker where ["swift", "c", "h"].contains(file.pathExtension) {
                result.append(("\(module)/\(file.lastPathComponent)", try String(contentsOf: file, encoding: .utf8)))
            }
        }
        return result
    }

    /// Every module folder under `Sources`.
    static func allModules() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: RepositoryPaths.root.appendingPathComponent("Sources").path).sorted()
    }

    /// Files in `modules` with a line (comments excluded) matching `pattern`.
    static func offenders(_ pattern: String, in modules: [String]) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        return try sources(in: modules).compactMap { file in
            let code = file.text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            let found = regex.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil
            return found ? file.path : nil
        }
    }

    static let frontEnds = ["FootnoteCLI", "FootnoteHTTP", "FootnoteMCP"]

    @Test("The front ends import the facade and Core, never an engine")
    func frontEndsImportNoEngine() throws {
        #expect(try Self.offenders(#"^import (SearchIndex|Embeddings|Grounding|LanguageModels|FootnoteSQLite|FootnotePostgres)\b"#, in: Self.frontEnds) == [])
    }

    @Test("SQLite's C API and the ranking extension are called only by the SQLite module")
    func oneSQLiteDoor() throws {
        let others = try Self.allModules().filter { !["FootnoteSQLite", "CSQLite", "CFootnoteRank"].contains($0) }
        #expect(try Self.offenders(#"sqlite3_|SQLITE_|footnote_rank_"#, in: others) == [])
    }

    @Test("Neither the facade nor a front end blocks a thread on async work")
    func noBlockingBridgeAtTheEdges() throws {
        #expect(try Self.offenders(#"DispatchSemaphore"#, in: ["Footnote"] + Self.frontEnds) == [])
        // The CLI's commands that await the library are async commands, not bridged.
        #expect(try Self.offenders(#"BlockingBridge"#, in: Self.frontEnds) == [])
    }

    @Test("Only Embeddings knows the concrete encoder type")
    func encoderStaysInEmbeddings() throws {
        let others = try Self.allModules().filter { $0 != "Embeddings" }
        #expect(try Self.offenders(#"as\? BERTEncoder"#, in: others) == [])
    }

    @Test("The offender search finds what it looks for (the checks above cannot pass by reading nothing)")
    func searchFindsKnownCode() throws {
        #expect(try Self.offenders(#"sqlite3_prepare"#, in: ["FootnoteSQLite"]).isEmpty == false)
        #expect(try Self.offenders(#"^import Grounding\b"#, in: ["Footnote"]).isEmpty == false)
        #expect(try Self.offenders(#"BlockingBridge"#, in: ["FootnoteCore"]).isEmpty == false)
    }
}
