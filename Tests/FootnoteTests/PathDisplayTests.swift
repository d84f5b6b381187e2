import Footnote
import Foundation
import Testing
import TestSupport

@Suite("add and sync print file names escaped: no forged lines, no terminal escape sequences")
struct PathDisplayTests {
    @Test("Escaping: controls, C1 controls, bidi overrides, separators, raw bytes and the backslash; the rest untouched")
    func escaping() {
        #expect(DisplayText.escaped("plain/Ünïcödé 日本.md") == "plain/Ünïcödé 日本.md")
        #expect(DisplayText.escaped("a\nb\tc\rd") == #"a\nb\tc\rd"#)
        #expect(DisplayText.escaped("\u{1b}]0;t\u{07}\u{7f}") == #"\x1b]0;t\x07\x7f"#)
        #expect(DisplayText.escaped("\u{9b}31m") == #"\u{9b}31m"#, "C1 CSI")
        #expect(DisplayText.escaped("x\u{202e}gpj.md") == #"x\u{202e}gpj.md"#, "right-to-left override")
        #expect(DisplayText.escaped("l\u{2028}p") == #"l\u{2028}p"#)
        #expect(DisplayText.escaped(#"back\slash"#) == #"back\\slash"#, "an escape cannot be forged")
        #expect(DisplayText.escaped(FileSystemPath.string(fromBytes: Array("caf".utf8) + [0xFF, 0xFE])) == #"caf\xff\xfe"#)
    }

    @Test("A newline or an OSC sequence in a file name is shown escaped, one line per failed file")
    func controlCharactersInNames() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-names")
        try directory.write("docs/good.md", "# Good\n\nFine.")
        // Empty files fail ("the file is empty"), so their names are printed.
        try directory.write("docs/evil\nfailed: other.md", "")
        try directory.write("docs/\u{1b}]0;title\u{07}.md", "")
        let index = directory.url.appendingPathComponent("index.sqlite").path
        let docs = directory.url.appendingPathComponent("docs").path

        let (add, timedOut) = try IngestTestSupport.run(["add", docs, "--index", index, "--no-embed"])
        #expect(!timedOut)
        #expect(add.status == 1)
        let lines = add.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 2, "one line per failed file: \(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("failed") })
        #expect(add.stderr.contains(#"evil\nfailed: other.md"#))
        #expect(add.stderr.contains(#"\x1b]0;title\x07.md"#))
        #expect(!add.stderr.contains("\u{1b}") && !add.stderr.contains("\u{07}"))
        #expect(add.stdout.contains("1 added") && add.stdout.contains("2 failed"))

        let (sync, syncTimedOut) = try IngestTestSupport.run(["sync", "--index", index, "--no-embed"])
        #expect(!syncTimedOut)
        #expect(sync.stderr.split(separator: "\n").count == 2)
        #expect(!sync.stderr.contains("\u{1b}") && !sync.stderr.contains("\u{07}"))
        #expect(sync.stderr.contains(#"evil\nfailed: other.md"#))
    }

    @Test("A file name that is not UTF-8 is ingested and printed with its bytes escaped")
    func invalidUTF8Names() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-bytes")
        try directory.write("docs/good.md", "# Good\n\nFine.")
        let docs = directory.url.appendingPathComponent("docs")
        try IngestTestSupport.writeRawName(Array("caf".utf8) + [0xFF, 0xFE] + Array(".md".utf8), in: docs,
                                           contents: "# Raw\n\nThe pangolin sleeps under the bridge.")
        try IngestTestSupport.writeRawName(Array("bad".utf8) + [0xFF] + Array(".md".utf8), in: docs, contents: "")
        let index = directory.url.appendingPathComponent("index.sqlite").path

        let (add, timedOut) = try IngestTestSupport.run(["add", docs.path, "--index", index, "--no-embed"])
        #expect(!timedOut)
        #expect(add.status == 1, "the empty file fails")
        #expect(add.stdout.contains("2 added") && add.stdout.contains("1 failed"), "\(add.stdout)\n\(add.stderr)")
        #expect(add.stderr.contains(#"bad\xff.md"#), "\(add.stderr)")
        #expect(!add.stderr.contains("cannot stat"))

        let (search, searchTimedOut) = try IngestTestSupport.run(["search", "pangolin", "--index", index])
        #expect(!searchTimedOut)
        #expect(search.status == 0, "\(search.stderr)")
        #expect(search.stdout.contains(#"caf\xff\xfe.md"#), "\(search.stdout)")
        #expect(!search.stdout.contains("\u{FFFD}"))
    }
}
