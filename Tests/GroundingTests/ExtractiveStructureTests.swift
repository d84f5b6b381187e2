import FootnoteCore
@testable import Grounding
import Testing

@Suite("Extractive answers: settings lists, tables, commands and amounts")
struct ExtractiveStructureTests {
    func answer(_ question: String, _ texts: [String], answerer: ExtractiveAnswerer = .default) -> String? {
        let sources = texts.enumerated().map { AnswerSource(number: $0.offset + 1, hit: makeHit($0.offset + 1, $0.element)) }
        return answerer.answer(question: question, sources: sources, weights: [:]).first?.text
    }

    @Test("questions that ask for an amount, and text that states one", arguments: [
        ("How many autovacuum workers can be busy at the same time?", true),
        ("How long does the WAL writer nap between flush rounds?", true),
        ("What is the maximum number of columns in a table?", true),
        ("Which port does pg_upgrade start the postmasters on?", true),
        ("What year did Tesla die?", true),
        ("How do I enable write-ahead logging?", false),
        ("Which VACUUM option skips locked tables?", false),
        ("What does the VACUUM command do?", false),
    ])
    func quantityQuestions(question: String, asks: Bool) {
        #expect(QuantityQuestion.matches(question) == asks)
    }

    @Test("a number in digits, with a unit, or in words is a value; a name with a digit is not")
    func values() {
        #expect(QuantityQuestion.statesValue("The default is three."))
        #expect(QuantityQuestion.statesValue("The default value is 200 milliseconds (200ms)."))
        #expect(QuantityQuestion.statesValue("It defaults to 64MB."))
        #expect(!QuantityQuestion.statesValue("Use sqlite3_limit() to lower it."))
        #expect(!QuantityQuestion.statesValue("Specifies the maximum number of autovacuum processes."))
    }

    @Test("for a question about an amount, the sentence whose quote states one wins over one that only restates the question")
    func amountWins() {
        let question = "How many autovacuum processes can run at the same time?"
        let restated = "A maximum of autovacuum_max_workers worker processes are allowed to run at the same time. "
            + "If there are more databases to process, the next database is processed as soon as the first worker finishes."
        let setting = "Specifies the maximum number of autovacuum processes that may run at any one time. The default is three. "
            + "This parameter can only be set at server start."
        var answerer = ExtractiveAnswerer.default
        answerer.valueWeight = 0
        answerer.spanMargin = 0
        #expect(answer(question, [restated, setting], answerer: answerer)?.hasPrefix("A maximum of") == true)
        answerer.valueWeight = 0.3
        #expect(answer(question, [restated, setting], answerer: answerer)
            == "Specifies the maximum number of autovacuum processes that may run at any one time. The default is three.")
        // A question that does not ask for an amount is not moved.
        #expect(answer("Which autovacuum processes can run at the same time?", [restated, setting], answerer: answerer)?.hasPrefix("A maximum of") == true)
    }

    @Test("a quote that opens right under a setting's or an option's name starts at the name")
    func labelLeadIn() {
        let page = "Options\n\nSKIP_LOCKED\n\nSpecifies that VACUUM should not wait for any conflicting locks to be released: "
            + "a relation that cannot be locked at once is skipped.\n\nINDEX_CLEANUP\n\nNormally, VACUUM will skip index vacuuming when there are few dead tuples."
        let question = "Which VACUUM option makes it move on instead of waiting for conflicting locks?"
        var answerer = ExtractiveAnswerer.default
        answerer.labelLeadIn = false
        #expect(answer(question, [page], answerer: answerer)?.hasPrefix("Specifies that VACUUM") == true)
        answerer.labelLeadIn = true
        #expect(answer(question, [page], answerer: answerer)?.hasPrefix("SKIP_LOCKED Specifies that VACUUM") == true)
        // A sentence above the quote is not a label: nothing is added.
        answerer.spanMargin = 0
        #expect(answer(question, ["VACUUM reclaims storage. " + "Specifies that VACUUM should not wait for conflicting locks to be released."], answerer: answerer)?
            .hasPrefix("Specifies") == true)
    }

    @Test("a table row is a unit that can answer; without the rule it is a label and never quoted")
    func tableRows() {
        let table = "The following special backslash sequences are recognized by COPY FROM:\n\nSequence | Represents\n\n"
            + "\\b | Backspace (ASCII 8)\n\n\\v | Vertical tab (ASCII 11)\n\n\\t | Tab (ASCII 9)"
        let question = "Which sequence stands for a vertical tab?"
        var answerer = ExtractiveAnswerer.default
        answerer.tableRows = true
        answerer.spanMargin = 0
        answerer.nextSentence = false
        #expect(answer(question, [table], answerer: answerer) == "\\v | Vertical tab (ASCII 11)")
        #expect(ExtractiveAnswerer.isLabel("\\v | Vertical tab (ASCII 11)"), "by its shape alone, a short row reads as a label")
        answerer.tableRows = false
        #expect(answer(question, [table], answerer: answerer) == "The following special backslash sequences are recognized by COPY FROM:")
    }

    @Test("a sentence ending in a colon is quoted with the command it announces")
    func announcedLine() {
        let page = "Use split. To make 2 gigabyte chunks of a dump, pipe it through split like this:\n\npg_dump dbname | split -b 2G - filename\n\nReload with cat."
        let question = "How do I split a pg_dump into 2 gigabyte chunks?"
        var answerer = ExtractiveAnswerer.default
        answerer.tableRows = false
        answerer.announcedLine = true
        #expect(answer(question, [page], answerer: answerer)?.hasSuffix("like this: pg_dump dbname | split -b 2G - filename") == true)
        answerer.announcedLine = false
        #expect(answer(question, [page], answerer: answerer)?.hasSuffix("like this:") == true)
    }
}
