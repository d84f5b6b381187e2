import Grounding
import Testing

@Suite("Questions made from a passage by templates (calibrate --self without a model)")
struct QuestionTemplatesTests {
    func made(_ passage: String, headings: [String] = [], title: String? = nil) -> [SyntheticQuestion] {
        QuestionTemplates.questions(passage: passage, title: title, headingPath: headings)
    }

    @Test("a definition asks for its subject, without the article; a pronoun is not a subject")
    func definition() {
        let questions = made("The write-ahead log is a file that records changes before they reach the table files.")
        #expect(questions.first == SyntheticQuestion(question: "What is write-ahead log?", template: "definition",
                                                     source: "The write-ahead log is a file that records changes before they reach the table files."))
        #expect(!made("It is a file that records changes before they reach the table files.").contains { $0.template == "definition" })
    }

    @Test("a default asks for it, by its subject or, when the sentence has none, by the section it is in")
    func defaults() {
        let own = made("The checkpoint_timeout setting defaults to five minutes on every platform.")
        #expect(own.first?.question == "What does checkpoint_timeout setting default to?")
        let section = made("This limits how many workers run at once. The default is three workers for the cluster.",
                           headings: ["20.10. Automatic Vacuuming", "autovacuum_max_workers (integer)"])
        #expect(section.contains { $0.question == "What is the default for autovacuum_max_workers (integer)?" && $0.template == "default" })
    }

    @Test("what a thing does: the verb in its base form")
    func purpose() {
        let questions = made("The wal_level parameter determines how much information is written to the WAL.")
        #expect(questions.first?.question == "What does wal_level parameter determine?")
        #expect(questions.first?.template == "purpose")
    }

    @Test("a value question stops before the first number or identifier, so the answer is not in it")
    func value() {
        let questions = made("Each backup in the archive is compressed with a level of 9 when nothing else is given.")
        let value = questions.first { $0.template == "value" }
        #expect(value?.question == "Each backup in the archive is compressed with a level of what?")
        #expect(value.map { !$0.question.contains("9") } == true)
    }

    @Test("the section question names the heading without its number; a short passage or a question gives none")
    func heading() {
        let long = String(repeating: "Replication keeps a standby server in step with the primary server. ", count: 3)
        #expect(made(long, headings: ["26.2.5. Streaming Replication"]).contains {
            $0.question == "What about Streaming Replication?" && $0.template == "heading"
        })
        #expect(made("Streaming keeps standbys current.", headings: ["26.2.5. Streaming Replication"]).isEmpty)
        #expect(made(long, headings: ["Notes"]).isEmpty)
        #expect(made(long, title: "Apollo program").contains { $0.question == "What about Apollo program?" })
        #expect(made("What is the default value of the timeout setting in seconds?").isEmpty)
    }
}
