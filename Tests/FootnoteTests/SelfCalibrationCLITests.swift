import Foundation
import Testing
import TestSupport

@Suite("footnote calibrate --self on the command line")
struct SelfCalibrationCLITests {
    @Test("calibrate --self stores a gate that ask uses and --explain names; --gate wins; --forget removes it; bad use is refused")
    func storeUseForget() throws {
        try #require(FootnoteBinary.url != nil, "the footnote executable is not built")
        let directory = try TemporaryDirectory(prefix: "footnote-self-cli")
        let index = directory.url.appendingPathComponent("i.sqlite").path
        // Five of the SQLite pages: enough passages for 20 questions, few enough to embed quickly when the model is there.
        let docs = directory.url.appendingPathComponent("docs", isDirectory: true)
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        for page in ["wal", "autoinc", "foreignkeys", "stricttables", "withoutrowid"] {
            try FileManager.default.copyItem(at: RepositoryPaths.corpora.appendingPathComponent("sqlite-docs/\(page).html"),
                                             to: docs.appendingPathComponent("\(page).html"))
        }
        let environment = ["FOOTNOTE_LLM_URL": "", "FOOTNOTE_LLM_MODEL": "", "FOOTNOTE_LLM_CONFIG": "", "FOOTNOTE_GATE": "", "FOOTNOTE_EMBED_URL": ""]
        let add = try FootnoteBinary.run(["add", docs.path, "--index", index], environment: environment)
        #expect(add.status == 0, "\(add.stderr)")
        let dump = directory.url.appendingPathComponent("questions.jsonl").path
        let dry = try FootnoteBinary.run(["calibrate", "--self", "--questions", "20", "--dry-run", "--dump-features", dump, "--index", index],
                                         environment: environment)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("not stored (--dry-run)") && dry.stdout.contains("lexical threshold"), "\(dry.stdout)")
        let rows = try String(contentsOfFile: dump, encoding: .utf8).split(separator: "\n")
        #expect(rows.count >= 20 && rows.count % 2 == 0)  // each question and its twin, per mode
        let question = "When does the automatic checkpoint run?"
        let before = try FootnoteBinary.run(["ask", question, "--explain", "--mode", "lexical", "--index", index], environment: environment)
        #expect(before.stdout.contains("gate in force: the shipped gate"), "\(before.stdout)")

        let fit = try FootnoteBinary.run(["calibrate", "--self", "--questions", "20", "--index", index], environment: environment)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stdout.contains("stored in"), "\(fit.stdout)")
        let after = try FootnoteBinary.run(["ask", question, "--explain", "--mode", "lexical", "--index", index], environment: environment)
        #expect(after.stdout.contains("gate in force: the gate fitted to this index by `calibrate --self`"), "\(after.stdout)")
        let given = try FootnoteBinary.run(["ask", question, "--explain", "--mode", "lexical", "--threshold", "0.2", "--index", index],
                                           environment: environment)
        #expect(given.stdout.contains("gate in force: the shipped gate with threshold 0.200"), "\(given.stdout)")

        let forget = try FootnoteBinary.run(["calibrate", "--self", "--forget", "--index", index], environment: environment)
        #expect(forget.status == 0 && forget.stdout.contains("removed"), "\(forget.stdout)\(forget.stderr)")
        let again = try FootnoteBinary.run(["ask", question, "--explain", "--mode", "lexical", "--index", index], environment: environment)
        #expect(again.stdout.contains("gate in force: the shipped gate"), "\(again.stdout)")

        let noSet = try FootnoteBinary.run(["calibrate", "--index", index], environment: environment)
        #expect(noSet.status == 2 && noSet.stderr.contains("pass --self"), "\(noSet.stderr)")
        let both = try FootnoteBinary.run(["calibrate", "--self", "eval/sqlite-qa", "--index", index], environment: environment)
        #expect(both.status == 2 && both.stderr.contains("--self takes no DATASET_DIR"), "\(both.stderr)")
        let dryAlone = try FootnoteBinary.run(["calibrate", "eval/sqlite-qa", "--dry-run", "--index", index], environment: environment)
        #expect(dryAlone.status == 2 && dryAlone.stderr.contains("go with --self"), "\(dryAlone.stderr)")
    }
}
