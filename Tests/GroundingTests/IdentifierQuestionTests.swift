import FootnoteCore
@testable import Grounding
import Testing

@Suite("Extractive answers: questions that ask for a setting's, an option's or a function's name")
struct IdentifierQuestionTests {
    @Test("questions that ask for a name", arguments: [
        ("Which pg_restore option lets a restore use several CPU cores?", true),
        ("Is there a knob that caps how much temp-file disk a single backend can eat?", true),
        ("Is there a server option to shrink the WAL volume?", true),
        ("What setting kicks idle sessions off automatically?", true),
        ("Which C function starts an online backup?", true),
        ("Which role attribute lets a role skip every row-level security policy?", true),
        ("Which settings cap the WAL a slot keeps?", true),
        ("How many autovacuum workers can be busy at the same time?", false),
        ("What does the VACUUM command do?", false),
        ("Which team won Super Bowl 50?", false),
        ("Is there a limit on the number of columns?", false),
    ])
    func questions(question: String, asks: Bool) {
        #expect(IdentifierQuestion.matches(question) == asks)
    }

    @Test("identifiers the question does not write: underscores, options, capitals, file names")
    func identifiers() {
        let question = "Which pg_restore option lets a restore use several CPU cores?"
        #expect(IdentifierQuestion.statesIdentifier("-j number-of-jobs --jobs=number-of-jobs Run the most time-consuming steps concurrently.", question: question))
        #expect(IdentifierQuestion.statesIdentifier("Set temp_file_limit to cap it.", question: question))
        #expect(IdentifierQuestion.statesIdentifier("Roles with the BYPASSRLS attribute always bypass it.", question: question))
        #expect(IdentifierQuestion.statesIdentifier("ALTER SYSTEM writes the setting to the postgresql.auto.conf file.", question: question))
        // Only what the question already names, prose, numbers, a dash and abbreviations are not.
        #expect(!IdentifierQuestion.statesIdentifier("pg_restore can use several CPU cores.", question: question))
        #expect(!IdentifierQuestion.statesIdentifier("Values larger than the number of cores can help — e.g. 8 or 9.6 times.", question: question))
        #expect(!IdentifierQuestion.statesIdentifier("Restores run faster on more cores - usually.", question: question))
    }

    @Test("for a question about a name, the sentence that writes one wins over one that restates the question")
    func nameWins() {
        let question = "Which option makes pg_restore use several CPU cores?"
        let restated = "Restoring with several CPU cores is often much faster, and the number of cores of the server is a good place to start."
        let option = "-j number-of-jobs --jobs=number-of-jobs Run the most time-consuming steps of pg_restore concurrently, using several sessions."
        let sources = [restated, option].enumerated().map { AnswerSource(number: $0.offset + 1, hit: makeHit($0.offset + 1, $0.element)) }
        var answerer = ExtractiveAnswerer.default
        answerer.spanMargin = 0
        answerer.nextSentence = false
        answerer.identifierWeight = 0
        #expect(answerer.answer(question: question, sources: sources, weights: [:]).first?.text.hasPrefix("Restoring") == true)
        answerer.identifierWeight = 0.3
        #expect(answerer.answer(question: question, sources: sources, weights: [:]).first?.text.hasPrefix("-j number-of-jobs") == true)
        // A question that does not ask for a name is not moved.
        #expect(answerer.answer(question: "How can pg_restore use several CPU cores?", sources: sources, weights: [:]).first?.text
            .hasPrefix("Restoring") == true)
    }
}
