import Foundation
import FootnoteSQLite
import Testing
import TestSupport

@Suite("The footnote command line")
struct CLITests {
    /// A folder with two documents and an index beside it.
    struct Workspace {
        let directory: TemporaryDirectory
        var index: String { directory.url.appendingPathComponent("cli.sqlite").path }
        var docs: String { directory.url.appendingPathComponent("docs").path }

        init() throws {
            directory = try TemporaryDirectory(prefix: "footnote-cli")
            try directory.write("docs/guide.md", """
                # Guide

                ## Checkpoints

                A checkpoint copies pages from the write-ahead log back into the database file.

                ## Readers

                Readers never block writers.
                """)
            try directory.write("docs/notes.txt", "Plain notes about vacuum and page size.")
        }

        func run(_ arguments: [String]) throws -> FootnoteBinary.Result {
            try FootnoteBinary.run(arguments + ["--index", index], in: directory.url)
        }
    }

    @Test("add, search --json, cite and show work end to end with documented field names")
    func endToEnd() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let workspace = try Workspace()
        // A small budget, so that each section of the guide becomes its own passage.
        let add = try workspace.run(["add", workspace.docs, "--chunk-tokens", "24", "--chunk-overlap", "0"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("2 added"))

        let search = try workspace.run(["search", "readers block writers", "--json"])
        #expect(search.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any])
        let hits = try #require(object["hits"] as? [[String: Any]])
        let top = try #require(hits.first)
        for key in ["path", "format", "headingPath", "lineStart", "lineEnd", "start", "end", "text", "score", "citation"] {
            #expect(top[key] != nil, "missing key \(key)")
        }
        #expect(top["headingPath"] as? [String] == ["Guide", "Readers"])
        #expect(top["lineStart"] as? Int == 7)
        #expect(top["lineEnd"] as? Int == 9)
        #expect(top["format"] as? String == "markdown")
        let citation = try #require(top["citation"] as? String)

        let cite = try workspace.run(["cite", citation, "--json"])
        #expect(cite.status == 0)
        let view = try #require(try JSONSerialization.jsonObject(with: Data(cite.stdout.utf8)) as? [String: Any])
        #expect(view["text"] as? String == top["text"] as? String)
        #expect(view["drift"] as? String == "current")

        try "# Guide\n\nRewritten.".write(toFile: workspace.docs + "/guide.md", atomically: true, encoding: .utf8)
        let drifted = try workspace.run(["cite", citation])
        #expect(drifted.status == 0)
        #expect(drifted.stdout.contains("changed"))

        let show = try workspace.run(["show", workspace.docs + "/notes.txt"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("Plain notes"))
        let stats = try workspace.run(["stats", "--json"])
        #expect(stats.stdout.contains("\"documents\" : 2"))
    }

    @Test("stats --check: status 0 and 'consistent' on a sound index; 1, naming the problem, when a document lost its version")
    func statsCheck() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let workspace = try Workspace()
        #expect(try workspace.run(["add", workspace.docs]).status == 0)
        let sound = try workspace.run(["stats", "--check"])
        #expect(sound.status == 0 && sound.stdout.contains("check: consistent"), "\(sound.stdout)\(sound.stderr)")
        #expect(try workspace.run(["stats"]).stdout.contains("check:") == false, "no check unless asked")

        try Database(path: workspace.index).execute(
            "UPDATE documents SET current_version_id = NULL WHERE id = (SELECT min(id) FROM documents)")
        let broken = try workspace.run(["stats", "--check", "--json"])
        #expect(broken.status == 1, "\(broken.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(broken.stdout.utf8)) as? [String: Any])
        let problems = try #require(object["problems"] as? [String])
        #expect(problems.contains { $0.contains("documents have no current version") }, "\(problems)")
        #expect((object["statistics"] as? [String: Any])?["documents"] as? Int == 2)
    }

    @Test("Exit status: 1 when some files fail, 2 for usage errors")
    func exitStatus() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let workspace = try Workspace()
        try workspace.directory.write("docs/broken.pdf", "%PDF-1.7 not really")
        let add = try workspace.run(["add", workspace.docs])
        #expect(add.status == 1)
        #expect(add.stderr.contains("broken.pdf"))
        #expect(add.stdout.contains("2 added") && add.stdout.contains("1 failed"))
        #expect(try workspace.run(["search"]).status == 2)
        #expect(try workspace.run(["search", "x", "--limit", "0"]).status == 2)
        #expect(try workspace.run(["search", "x", "--format", "exe"]).status == 2)
        #expect(try workspace.run(["frobnicate"]).status == 2)
        #expect(try workspace.run(["search", "x", "--vector-precision", "int4"]).status == 2)
        let badPrecision = try FootnoteBinary.run(["search", "x", "--index", workspace.index], in: workspace.directory.url,
                                                  environment: ["FOOTNOTE_VECTOR_PRECISION": "half"])
        #expect(badPrecision.status == 2)
        #expect(badPrecision.stderr.contains("FOOTNOTE_VECTOR_PRECISION"))
        #expect(try workspace.run(["search", "x", "--encoder-precision", "fp8"]).status == 2)
        let badEncoder = try FootnoteBinary.run(["search", "x", "--index", workspace.index], in: workspace.directory.url,
                                                environment: ["FOOTNOTE_ENCODER_PRECISION": "half"])
        #expect(badEncoder.status == 2)
        #expect(badEncoder.stderr.contains("FOOTNOTE_ENCODER_PRECISION") && badEncoder.stderr.contains("'half'"))
        let badCitation = try workspace.run(["cite", "not-a-citation"])
        #expect(badCitation.status == 1)
        #expect(badCitation.stderr.contains("not a citation id"))
        let help = try FootnoteBinary.run(["--help"])
        #expect(help.status == 0 && help.stdout.contains("Examples"))
    }

    @Test("Read commands refuse a missing index with one line naming it, and create nothing")
    func missingIndex() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let workspace = try Workspace()
        let mistyped = workspace.directory.url.appendingPathComponent("typo/cli.sqlite").path
        let commands: [[String]] = [
            ["search", "checkpoint"], ["ask", "What is a checkpoint?"], ["stats"], ["show", "docs/guide.md"],
            ["cite", "fn:3f2a9c1b7d4e:0-10"], ["embed"], ["calibrate", "--self", "--dry-run"], ["mcp"],
        ]
        for command in commands {
            let run = try FootnoteBinary.run(command + ["--index", mistyped], in: workspace.directory.url)
            #expect(run.status == 1, "\(command): \(run.status) \(run.stderr)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(command): \(run.stderr)")
            #expect(run.stderr.contains("no index at '\(mistyped)'") && run.stderr.contains("footnote add"), "\(command): \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(command): \(run.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: mistyped))
        #expect(!FileManager.default.fileExists(atPath: workspace.directory.url.appendingPathComponent("typo").path))
        // The default location is named without --index.
        let bare = try FootnoteBinary.run(["search", "checkpoint"], in: workspace.directory.url)
        #expect(bare.status == 1 && bare.stderr.contains("no index at 'indexes/default.sqlite'"), "\(bare.stderr)")
        #expect(!FileManager.default.fileExists(atPath: workspace.directory.url.appendingPathComponent("indexes").path))
    }

    @Test("serve --asks outside 1…64 is refused with the value it was given")
    func serveAsks() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let refused = try FootnoteBinary.run(["serve", "--asks", "0", "--port", "0"])
        #expect(refused.status != 0 && refused.stderr.contains("--asks must be 1…64, got 0"), "\(refused.stderr)")
    }

    @Test("Help paragraphs are left to ArgumentParser to wrap: no line break inside a paragraph")
    func helpParagraphs() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let commands: [[String]] = [
            [], ["add"], ["sync"], ["search"], ["cite"], ["show"], ["stats"], ["embed"], ["reembed"], ["eval"], ["bench", "embed"],
            ["bench", "hybrid"], ["serve"], ["mcp"], ["ask"], ["eval-qa"], ["calibrate"],
        ]
        for command in commands {
            // A terminal wide enough for any paragraph: each one must come out as a single line.
            let help = try FootnoteBinary.run(command + ["--help"], environment: ["COLUMNS": "5000"])
            #expect(help.status == 0, "\(command): \(help.stderr)")
            let lines = (help.stdout.components(separatedBy: "USAGE:").first ?? "").components(separatedBy: "\n")
            for (line, next) in zip(lines, lines.dropFirst())
            where !line.isEmpty && !next.isEmpty && !line.hasPrefix(" ") && !next.hasPrefix(" ") && !line.hasSuffix(":") {
                Issue.record("\(command) --help breaks a paragraph: “\(line.suffix(40))” / “\(next.prefix(40))”")
            }
        }
    }
}
