import Footnote
import FootnoteCore
@testable import Grounding
import Testing
import TestSupport

/// Extractive answers over the real documents in `corpora/` (HTML with bold leads, PDF headings,
/// Markdown): the answer is a sentence that says something (at least two new words, or the value asked for),
/// never a heading that restates the question.
@Suite("Extractive answers over corpora/", .serialized)
struct CorpusAnswerTests {
    static let shared: Result<KnowledgeBaseFixture, Error> = Result {
        let fixture = try KnowledgeBaseFixture()
        _ = try fixture.knowledgeBase.add([RepositoryPaths.corpora.path])
        return fixture
    }

    /// Realistic questions about the SQLite documents in `corpora/`.
    static let questions = [
        "What is the maximum length of a string or BLOB?", "When does the automatic checkpoint run?",
        "How do I enable write-ahead logging?", "How big is the database file header?",
        "What happens when AUTOINCREMENT runs out of rowids?", "Which ranking function does FTS5 use by default?",
        "What string does every database file start with?", "Are foreign key constraints enforced by default?",
        "What is the maximum number of host parameters in a statement?", "What is the maximum number of columns in a table?",
        "What are R-Tree indexes good for?", "Where does ANALYZE store its statistics?", "What does the VACUUM command do?",
        "How many locking states can a database file be in?", "What is a PENDING lock?",
        "Can a WAL database be used over a network filesystem?", "What is type affinity?", "What does a STRICT table do?",
        "What is a WITHOUT ROWID table?", "How do you run a manual checkpoint?", "What is a hot journal?",
    ]

    func ask(_ question: String) async throws -> GroundedAnswer {
        try await Self.shared.get().knowledgeBase.ask(AskRequest(question: question, mode: .lexical))
    }

    @Test("no answer is a heading, a bold lead or a sentence that only restates the question")
    func noLabels() async throws {
        var answered = 0
        for question in Self.questions {
            let answer = try await ask(question)
            guard answer.kind == .extractive else { continue }
            answered += 1
            let questionTerms = Set(TextUnits.contentTerms(question))
            for sentence in answer.sentences {
                #expect(!ExtractiveAnswerer.isLabel(sentence.text), "\(question) → \(sentence.text)")
                let newTerms = Set(TextUnits.contentTerms(sentence.text)).subtracting(questionTerms)
                #expect(newTerms.count >= ExtractiveAnswerer.minimumNewTerms || newTerms.contains(where: TextUnits.isNumeral),
                        "\(question) → \(sentence.text)")
            }
        }
        #expect(answered >= Self.questions.count - 2, "only \(answered) of \(Self.questions.count) answered")
    }

    @Test("the bold lead \"Maximum length of a string or BLOB\" leads to the sentence that names the limit")
    func boldLead() async throws {
        let answer = try await ask("What is the maximum length of a string or BLOB?")
        let sentence = try #require(answer.sentences.first)
        #expect(sentence.text.contains("SQLITE_MAX_LENGTH"), "\(sentence.text)")
        let citation = try #require(sentence.citations.first)
        // The citation resolves to the exact span quoted; the answer reads it as one paragraph (the quote starts
        // at the bold lead above the sentence, on a line of its own).
        let cited = try Self.shared.get().knowledgeBase.cite(citation.citation).text
        #expect(cited == citation.quote)
        #expect(cited.split(whereSeparator: \.isWhitespace).joined(separator: " ") == sentence.text)
        #expect(answer.sources.first { $0.number == citation.number }?.hit.path.hasSuffix("limits.html") == true)
    }
}
