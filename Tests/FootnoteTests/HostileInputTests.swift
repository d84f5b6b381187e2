import Foundation
import SearchIndex
import FootnoteCore
import Testing
import TestSupport

/// Each hostile file goes into a batch with two good files, through the real `footnote add` run
/// under `/usr/bin/time`: the process's peak RSS stays under `rssBound`, one line names the file
/// and the limit it passed, the good files are searchable, and the index passes `PRAGMA integrity_check`.
@Suite("Hostile input: no file can crash, exhaust or poison an ingest", .serialized)
struct HostileInputTests {
    /// Peak RSS allowed for a whole `footnote add` run (the embedding model, when present, takes about 100 MB of it).
    static let rssBound = 512 * 1024 * 1024

    enum Expectation: Sendable {
        /// Fails with a line holding every one of these fragments.
        case fails([String])
        /// Is ingested, and these words are searchable.
        case ingested([String])
    }

    static let cases: [(String, Expectation)] = [
        ("flat-bomb.xml", .fails(["entity expansion", "limit"])),
        ("nested-bomb.xml", .fails(["entity"])),
        ("flat-bomb.docx", .fails(["entity expansion", "limit"])),
        ("nested-bomb.docx", .fails(["entity"])),
        ("flat-bomb.odt", .fails(["entity expansion", "limit"])),
        ("nested-bomb.odt", .fails(["entity"])),
        ("flat-bomb.epub", .fails(["entity expansion", "limit"])),
        ("nested-bomb.epub", .fails(["entity"])),
        ("empty-paragraphs.docx", .fails(["markup of word/document.xml", "limit of 2000000 nodes"])),
        ("expansion.pdf", .fails(["text", "limit", "the file's"])),
        ("giant-token.txt", .ingested(["longtoken"])),
        ("deep.html", .ingested(["post 0", "post 399"])),
    ]

    static func contents(of name: String) throws -> Data {
        switch name {
        case "flat-bomb.xml": HostileFiles.xml(nested: false)
        case "nested-bomb.xml": HostileFiles.xml(nested: true)
        case "flat-bomb.docx": try HostileFiles.docx(nested: false)
        case "nested-bomb.docx": try HostileFiles.docx(nested: true)
        case "flat-bomb.odt": try HostileFiles.odt(nested: false)
        case "nested-bomb.odt": try HostileFiles.odt(nested: true)
        case "flat-bomb.epub": try HostileFiles.epub(nested: false)
        case "nested-bomb.epub": try HostileFiles.epub(nested: true)
        case "empty-paragraphs.docx": try HostileFiles.emptyParagraphsDOCX()
        case "expansion.pdf": HostileFiles.expansionPDF()
        case "giant-token.txt": HostileFiles.giantToken
        default: HostileFiles.deepHTML
        }
    }

    @Test("a hostile file among good ones", arguments: cases.map(\.0))
    func hostileFile(name: String) throws {
        guard let expectation = Self.cases.first(where: { $0.0 == name })?.1 else { return }
        let folder = try TemporaryDirectory(prefix: "hostile")
        try folder.write("files/" + name, data: try Self.contents(of: name))
        try folder.write("files/good-a.md", "# Ferries\n\nThe harbour ferry leaves every twenty minutes from pier nine.")
        try folder.write("files/good-b.txt", "Lighthouse keepers logged the fog signal in a ledger.")
        let index = folder.url.appendingPathComponent("index.sqlite").path
        let run = try MeasuredRun.footnote(["add", folder.url.appendingPathComponent("files").path, "--index", index])

        #expect(run.peakRSS > 0 && run.peakRSS < Self.rssBound, "peak RSS \(run.peakRSS / 1_048_576) MiB for \(name)")
        let output = run.stdout + run.stderr
        switch expectation {
        case let .fails(fragments):
            #expect(run.status == 1, "exit status \(run.status) for \(name): \(output)")
            let lines = output.split(separator: "\n").filter { $0.contains(name) && $0.contains("failed") }
            #expect(lines.count == 1, "lines naming \(name): \(lines)")
            for fragment in fragments {
                #expect(lines.first?.contains(fragment) == true, "'\(fragment)' missing from \(lines)")
            }
        case let .ingested(phrases):
            #expect(run.status == 0, "exit status \(run.status) for \(name): \(output)")
            for phrase in phrases {
                let search = try FootnoteBinary.run(["search", "\"\(phrase)\"", "--mode", "lexical", "--index", index, "--json"])
                #expect(search.stdout.contains(name), "'\(phrase)' not found in \(name)")
            }
        }
        for word in ["ferry", "lighthouse"] {
            let search = try FootnoteBinary.run(["search", word, "--mode", "lexical", "--index", index, "--json"])
            #expect(search.stdout.contains("good-"), "the good file with '\(word)' is not searchable beside \(name)")
        }
        let database = try SearchIndex(path: index)
        #expect(try database.consistencyProblems().isEmpty)
    }

    @Test("a giant token is cut into chunks of bounded size, and search returns a bounded passage")
    func giantTokenChunks() throws {
        let folder = try TemporaryDirectory(prefix: "hostile-token")
        try folder.write("files/giant-token.txt", data: HostileFiles.giantToken)
        let index = folder.url.appendingPathComponent("index.sqlite").path
        let run = try MeasuredRun.footnote(["add", folder.url.appendingPathComponent("files").path, "--index", index])
        #expect(run.status == 0)
        let search = try FootnoteBinary.run(["search", "longtoken", "--limit", "1", "--mode", "lexical", "--index", index, "--json"])
        #expect(search.status == 0)
        #expect(search.stdout.utf8.count < 64 * 1024, "one hit is \(search.stdout.utf8.count) bytes")
    }
}

extension HostileInputTests {
    @Test("Hostile names and a FIFO in one batch: names are escaped, one failed line (the FIFO), every file with a name ingested")
    func hostileNamesAndFIFO() throws {
        let folder = try TemporaryDirectory(prefix: "hostile-names")
        let files = folder.url.appendingPathComponent("files")
        try folder.write("files/good-a.md", "# Ferries\n\nThe harbour ferry leaves every twenty minutes from pier nine.")
        try folder.write("files/evil\nfailed: forged.md", "# Newline\n\nA marmot lives in this file.")
        try folder.write("files/\u{1b}]0;owned\u{07}\u{1b}[31m.md", "# Escape\n\nA narwhal lives in this file.")
        try IngestTestSupport.writeRawName(Array("raw".utf8) + [0xFF, 0xC0] + Array(".md".utf8), in: files,
                                           contents: "# Raw\n\nA pangolin lives in this file.")
        try IngestTestSupport.makeFIFO(files.appendingPathComponent("pipe.md"))
        let index = folder.url.appendingPathComponent("index.sqlite").path
        let run = try MeasuredRun.footnote(["add", files.path, "--index", index])

        #expect(run.peakRSS > 0 && run.peakRSS < Self.rssBound, "peak RSS \(run.peakRSS / 1_048_576) MiB")
        #expect(run.status == 1, "the FIFO fails: \(run.stdout)\(run.stderr)")
        let output = run.stdout + run.stderr
        #expect(!output.contains("\u{1b}") && !output.contains("\u{07}"), "a raw escape reached the terminal")
        let failed = output.split(separator: "\n").filter { $0.hasPrefix("failed") }
        #expect(failed.count == 1 && failed.first?.contains("pipe.md") == true && failed.first?.contains("FIFO") == true,
                "failed lines: \(failed)")
        #expect(run.stdout.contains("4 added"), "\(run.stdout)")
        for (word, shown) in [("marmot", #"evil\nfailed: forged.md"#), ("narwhal", #"\x1b]0;owned\x07\x1b[31m.md"#),
                              ("pangolin", #"raw\xff\xc0.md"#), ("ferry", "good-a.md")] {
            let search = try FootnoteBinary.run(["search", word, "--mode", "lexical", "--index", index])
            #expect(search.status == 0 && search.stdout.contains(shown), "'\(word)' should be found in \(shown): \(search.stdout)")
        }
        #expect(try SearchIndex(path: index).consistencyProblems().isEmpty)
    }

    @Test("Identical files deleted: one sync removes every one of them, bounded memory, integrity ok")
    func identicalDeletions() throws {
        let folder = try TemporaryDirectory(prefix: "hostile-sync")
        let files = folder.url.appendingPathComponent("files")
        let copy = "# Copy\n\nAn identical paragraph about a quokka on a ferry."
        let copies = try (0..<12).map { try folder.write("files/copy-\($0).md", copy) }
        try folder.write("files/keep.md", "Lighthouse keepers logged the fog signal in a ledger.")
        let index = folder.url.appendingPathComponent("index.sqlite").path
        #expect(try MeasuredRun.footnote(["add", files.path, "--index", index]).status == 0)
        for file in copies { try FileManager.default.removeItem(at: file) }

        let sync = try MeasuredRun.footnote(["sync", "--index", index])
        #expect(sync.peakRSS > 0 && sync.peakRSS < Self.rssBound, "peak RSS \(sync.peakRSS / 1_048_576) MiB")
        #expect(sync.status == 0 && sync.stdout.contains("12 removed"), "\(sync.stdout)\(sync.stderr)")
        let quokka = try FootnoteBinary.run(["search", "quokka", "--mode", "lexical", "--index", index, "--json"])
        #expect(!quokka.stdout.contains("copy-"), "a deleted copy is still searchable: \(quokka.stdout)")
        let keep = try FootnoteBinary.run(["search", "lighthouse", "--mode", "lexical", "--index", index, "--json"])
        #expect(keep.stdout.contains("keep.md"))
        #expect(try SearchIndex(path: index).consistencyProblems().isEmpty)
    }
}

/// One run of the built `footnote` under GNU time, for its peak resident set size.
struct MeasuredRun {
    let status: Int32
    let stdout: String
    let stderr: String
    /// Peak RSS in bytes (`/usr/bin/time -f %M`, in KiB).
    let peakRSS: Int

    static func footnote(_ arguments: [String]) throws -> MeasuredRun {
        guard let binary = FootnoteBinary.url else { throw CocoaError(.fileNoSuchFile) }
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("footnote-rss-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        let run = try FootnoteBinary.runExecutable(
            URL(fileURLWithPath: "/usr/bin/time"), ["-o", report.path, "-f", "%M", binary.path] + arguments)
        let kibibytes = (try? String(contentsOf: report, encoding: .utf8))?
            .split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
        return MeasuredRun(status: run.status, stdout: run.stdout, stderr: run.stderr, peakRSS: kibibytes * 1024)
    }
}
