import Foundation
import Testing
import TestSupport

@Suite("footnote ask, eval-qa and calibrate on the command line")
struct AskCLITests {
    @Test("ask --json prints the grounded answer with kind, routing, gate, sentences and cite-able citations")
    func askJSON() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-ask-cli")
        try directory.write("docs/wal.md", "# WAL\n\nA checkpoint copies pages from the write-ahead log back into the database file.\n")
        let index = directory.url.appendingPathComponent("i.sqlite").path
        let environment = ["FOOTNOTE_LLM_URL": "", "FOOTNOTE_LLM_MODEL": "", "FOOTNOTE_LLM_CONFIG": ""]
        let add = try FootnoteBinary.run(["add", directory.url.appendingPathComponent("docs").path, "--index", index], environment: environment)
        #expect(add.status == 0, "\(add.stderr)")
        let ask = try FootnoteBinary.run(["ask", "What does a checkpoint copy?", "--json", "--explain", "--mode", "lexical", "--index", index], environment: environment)
        #expect(ask.status == 0, "\(ask.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ask.stdout.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "extractive")
        #expect((object["routing"] as? [String: Any])?["route"] as? String == "knowledge")
        #expect((object["gate"] as? [String: Any])?["score"] is Double)
        let sentences = try #require(object["sentences"] as? [[String: Any]])
        let citation = try #require((sentences.first?["citations"] as? [[String: Any]])?.first?["citation"] as? String)
        let selection = try #require(sentences.first?["selection"] as? [String: Any])
        #expect((selection["sentence"] as? String)?.hasPrefix("A checkpoint copies pages") == true)
        #expect(selection["score"] is Double && selection["nextSentence"] as? Bool == false)
        let explained = try FootnoteBinary.run(["ask", "What does a checkpoint copy?", "--explain", "--mode", "lexical", "--index", index], environment: environment)
        #expect(explained.stdout.contains("best sentence: score") && explained.stdout.contains("quote: the best sentence alone"), "\(explained.stdout)")
        let cite = try FootnoteBinary.run(["cite", citation, "--index", index])
        #expect(cite.status == 0)
        #expect(cite.stdout.contains("checkpoint copies pages"))

        let text = try FootnoteBinary.run(["ask", "what is 15% of 80", "--index", index], environment: environment)
        #expect(text.stdout.contains("12"))
        let bad = try FootnoteBinary.run(["ask", "x", "--threshold", "2", "--index", index])
        #expect(bad.status == 2)
        let badMargin = try FootnoteBinary.run(["ask", "x", "--span-margin", "1.5", "--index", index])
        #expect(badMargin.status == 2 && badMargin.stderr.contains("--span-margin must be 0…1"), "\(badMargin.stderr)")
        let badWords = try FootnoteBinary.run(["ask", "x", "--span-words", "5000", "--index", index])
        #expect(badWords.status == 2 && badWords.stderr.contains("--span-words must be 0…2000, got 5000"), "\(badWords.stderr)")
        let readerWithoutModel = try FootnoteBinary.run(["ask", "x", "--reader", "--index", index], environment: environment)
        #expect(readerWithoutModel.status != 0 && readerWithoutModel.stderr.contains("--reader needs a model"), "\(readerWithoutModel.stderr)")
        let readerSentences = try FootnoteBinary.run(["ask", "x", "--reader-sentences", "1", "--reader", "--index", index], environment: environment)
        #expect(readerSentences.status == 2 && readerSentences.stderr.contains("--reader-sentences must be 2…40, got 1"), "\(readerSentences.stderr)")
        let empty = try FootnoteBinary.run(["ask", "  ", "--index", index])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("the question is empty"))
        let zero = try FootnoteBinary.run(["ask", "what is 10 divided by 0?", "--index", index], environment: environment)
        #expect(zero.status == 0)
        #expect(zero.stdout.contains("Cannot evaluate '10 / 0': division by zero"), "\(zero.stdout)")
        #expect(!zero.stdout.contains("Sources"))
    }

    @Test("ask --reader says which model chose the sentence, and the answer is still the document's words")
    func readerLabel() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-ask-reader")
        try directory.write("docs/wal.md", """
            # WAL

            A checkpoint copies pages from the write-ahead log back into the database file. Checkpoints run when the log reaches 1000 pages.
            """)
        let index = directory.url.appendingPathComponent("i.sqlite").path
        let environment = ["FOOTNOTE_LLM_URL": "", "FOOTNOTE_LLM_MODEL": "", "FOOTNOTE_LLM_CONFIG": ""]
        #expect(try FootnoteBinary.run(["add", directory.url.appendingPathComponent("docs").path, "--index", index], environment: environment).status == 0)
        let server = try FakeChatServer(replies: [FakeChatServer.completion(#"{"sentence": 2}"#)])
        let ask = try FootnoteBinary.run(["ask", "What does a checkpoint copy, and when do checkpoints run?", "--mode", "lexical", "--index", index,
                                          "--reader", "--model", "scripted", "--model-url", server.baseURL], environment: environment)
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("Answer (extractive: scripted chose the sentence, quoted from your documents)"), "\(ask.stdout)")
        #expect(ask.stdout.contains("checkpoint"))
    }

    @Test("a gate file (--gate or FOOTNOTE_GATE) replaces the shipped gate; a bad one is a usage error naming it")
    func gateFile() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-gate-cli")
        try directory.write("docs/wal.md", "# WAL\n\nA checkpoint copies pages from the write-ahead log back into the database file.\n")
        let index = directory.url.appendingPathComponent("i.sqlite").path
        try directory.write("docs/seasons.md", "# Seasons\n\nWinter is the coldest season of the year.\n")
        let environment = ["FOOTNOTE_LLM_URL": "", "FOOTNOTE_LLM_MODEL": "", "FOOTNOTE_LLM_CONFIG": "", "FOOTNOTE_GATE": ""]
        #expect(try FootnoteBinary.run(["add", directory.url.appendingPathComponent("docs").path, "--index", index], environment: environment).status == 0)
        let strict = try directory.write("strict.json", #"{"threshold": 1.0, "denseThreshold": 1.0}"#).path
        func kind(_ arguments: [String], _ environment: [String: String]) throws -> String? {
            // No passage holds both "checkpoint" and "winter": the evidence is good (default gate) but not complete.
            let run = try FootnoteBinary.run(["ask", "What does a checkpoint copy in winter?", "--json", "--mode", "lexical", "--index", index] + arguments,
                                             environment: environment)
            #expect(run.status == 0, "\(run.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            return object?["kind"] as? String
        }
        #expect(try kind([], environment) == "extractive")
        #expect(try kind(["--gate", strict], environment) == "abstained")
        var withVariable = environment
        withVariable["FOOTNOTE_GATE"] = strict
        #expect(try kind([], withVariable) == "abstained")
        // --threshold still wins over the file.
        #expect(try kind(["--gate", strict, "--threshold", "0.1"], environment) == "extractive")

        let typo = try directory.write("typo.json", #"{"treshold": 0.4}"#).path
        let bad = try FootnoteBinary.run(["ask", "What does a checkpoint copy?", "--gate", typo, "--index", index], environment: environment)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(typo) && bad.stderr.contains("unknown key 'treshold'"), "\(bad.stderr)")
    }

    @Test("eval-qa --json uses the documented key names", .enabled(if: RepositoryPaths.dataset("xquad-dev") != nil, "../shared/datasets/xquad-dev is not present"))
    func evalQA() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let dataset = try #require(RepositoryPaths.dataset("xquad-dev")).path
        let directory = try TemporaryDirectory(prefix: "eval-qa")
        let dump = directory.url.appendingPathComponent("answers.jsonl")
        let result = try FootnoteBinary.run(["eval-qa", dataset, "--json", "--max-questions", "30", "--extractive", "--dump-answers", dump.path])
        #expect(result.status == 0, "\(result.stderr)")
        // One JSON line per question, written as each is answered.
        let lines = try String(contentsOf: dump, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 30)
        for line in lines {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(row["id"] is String && row["kind"] is String)
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["answer_recall", "citation_precision", "citation_recall", "abstention_recall", "false_abstention_rate", "latency"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let gate = directory.url.appendingPathComponent("gate.json")
        let calibrate = try FootnoteBinary.run(["calibrate", dataset, "--write-gate", gate.path])
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        #expect(calibrate.stdout.contains("threshold  abstention_recall  false_abstention_rate"))
        #expect(calibrate.stdout.contains("← chosen"))
        #expect(calibrate.stdout.contains("weights: passage 0.750, sentence 0.250"), "the shipped weights are printed: \(calibrate.stdout.suffix(400))")
        // The written gate holds the chosen threshold and reads back as a gate.
        let chosen = try #require(calibrate.stdout.split(separator: "\n").first { $0.hasPrefix("chosen threshold ") })
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: gate)) as? [String: Any])
        let threshold = try #require(written["threshold"] as? Double)
        #expect(chosen.hasPrefix(String(format: "chosen threshold %.3f ", threshold)), "\(chosen) vs \(threshold)")
        let reuse = try FootnoteBinary.run(["eval-qa", dataset, "--json", "--max-questions", "5", "--extractive", "--gate", gate.path])
        #expect(reuse.status == 0, "\(reuse.stderr)")
        let reused = try #require(try JSONSerialization.jsonObject(with: Data(reuse.stdout.utf8)) as? [String: Any])
        #expect(reused["gate_threshold"] as? Double == threshold)

        // --limit offers each answer that many passages, as ask --limit does; out of range is refused by name.
        let narrow = directory.url.appendingPathComponent("narrow.jsonl")
        let limited = try FootnoteBinary.run(["eval-qa", dataset, "--json", "--max-questions", "5", "--extractive", "--limit", "2", "--dump-answers", narrow.path])
        #expect(limited.status == 0, "\(limited.stderr)")
        let rows = try String(contentsOf: narrow, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let shown = rows.compactMap { ($0["passages"] as? [String])?.count }
        #expect(shown.count == 5 && shown.allSatisfy { $0 <= 2 } && shown.contains(2), "\(shown)")
        let refused = try FootnoteBinary.run(["eval-qa", dataset, "--max-questions", "1", "--limit", "0"])
        #expect(refused.status != 0 && refused.stderr.contains("--limit must be 1…50, got 0"), "\(refused.stderr)")
    }
}
