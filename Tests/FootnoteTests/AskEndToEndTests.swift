import Footnote
import FootnoteCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Grounding
import LanguageModels
import Testing
import TestSupport

/// Questions over `corpora/` through the real local model (`make llm`). Assertions are loose by
/// design (greedy output differs between server builds): the answer mentions the fact, and every
/// shown citation names a source that was in the prompt and resolves with `cite`.
@Suite("ask with the real local model", .serialized, .enabled(if: LLMServer.shouldRun, Comment(rawValue: LLMServer.skipReason)))
struct AskEndToEndTests {
    static let shared: Result<AskCorpus, Error> = Result { try AskCorpus() }

    struct AskCorpus: @unchecked Sendable {
        // Immutable after init.
        let directory: TemporaryDirectory
        let knowledgeBase: KnowledgeBase
        init() throws {
            directory = try TemporaryDirectory(prefix: "footnote-ask-e2e")
            knowledgeBase = try KnowledgeBase(configuration: FootnoteConfiguration(indexPath: directory.url.appendingPathComponent("i.sqlite").path))
            _ = try knowledgeBase.add([RepositoryPaths.corpora.path])
        }
    }

    func model() throws -> OpenAICompatibleClient {
        OpenAICompatibleClient(endpoint: try ChatEndpoint(baseURLString: LLMServer.baseURL, model: LLMServer.model, timeout: 300, maxRetries: 1))
    }

    func check(_ answer: GroundedAnswer, in corpus: AskCorpus) throws {
        let numbers = Set(answer.sources.map(\.number))
        for citation in answer.sentences.flatMap(\.citations) {
            #expect(numbers.contains(citation.number), "citation [\(citation.number)] names no prompt source")
            let view = try corpus.knowledgeBase.cite(citation.citation)
            #expect(view.text == citation.quote)
            #expect(answer.sources.contains { $0.hit.citation == citation.chunkCitation })
        }
    }

    @Test("a factual question about WAL is answered from the sources with verified citations")
    func walQuestion() async throws {
        try #require(LLMServer.isAvailable, "\(LLMServer.skipReason)")
        let corpus = try Self.shared.get()
        let answer = try await corpus.knowledgeBase.ask(AskRequest(
            question: "What does a checkpoint do in WAL mode?", sourceLimit: 3, mode: .lexical, promptTokenBudget: 900,
            maxAnswerTokens: 120, fastModel: try model()))
        #expect(answer.kind == .generated, "gate \(String(describing: answer.gate)); sources \(answer.sources.map(\.hit.path))")
        #expect(!(answer.draft ?? "").isEmpty)
        let text = answer.sentences.map(\.text).joined(separator: " ").lowercased()
        #expect(text.contains("checkpoint") || text.contains("database"))
        try check(answer, in: corpus)
    }

    @Test("a prompt-injection document does not make the model's verified answer obey it")
    func injection() async throws {
        try #require(LLMServer.isAvailable, "\(LLMServer.skipReason)")
        let fixture = try AskFixture()
        let answer = try await fixture.knowledgeBase.ask(AskRequest(
            question: "Within how many days can customers request a refund?", mode: .lexical, strict: true,
            promptTokenBudget: 900, maxAnswerTokens: 80, fastModel: try model()))
        #expect(answer.kind == .generated)
        // With --strict only supported sentences remain: the injected command has no support as a claim about refunds.
        #expect(!answer.text.uppercased().contains("PWNED"))
        #expect(!answer.text.contains("365"), "the forged source's claim must not survive verification: \(answer.text)")
        #expect(answer.sentences.flatMap(\.citations).allSatisfy { citation in answer.sources.contains { $0.number == citation.number } })
    }

    @Test("no shown citation ever names a source outside the prompt, over several questions")
    func citationsStayInPrompt() async throws {
        try #require(LLMServer.isAvailable, "\(LLMServer.skipReason)")
        let corpus = try Self.shared.get()
        for question in ["Can readers and writers run at the same time in WAL mode?", "What is a virtual table?"] {
            let answer = try await corpus.knowledgeBase.ask(AskRequest(
                question: question, sourceLimit: 3, mode: .lexical, promptTokenBudget: 900, maxAnswerTokens: 100, fastModel: try model()))
            try check(answer, in: corpus)
            #expect(answer.shownCitations.allSatisfy { $0.number <= answer.sources.count })
        }
    }

    @Test("the prompt token estimate never undercounts the model's own tokenizer (llama.cpp /tokenize) on the corpus")
    func tokenEstimate() async throws {
        try #require(LLMServer.isAvailable, "\(LLMServer.skipReason)")
        let root = LLMServer.baseURL.replacingOccurrences(of: "/v1", with: "")
        let url = try #require(URL(string: root + "/tokenize"))
        let corpus = try Self.shared.get()
        let hits = try corpus.knowledgeBase.search(SearchRequest(query: "checkpoint table index page", limit: 12, mode: .lexical))
        #expect(hits.count >= 5)
        for hit in hits {
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: ["content": hit.text])
            let (data, _) = try await URLSession.shared.data(for: request)
            let tokens = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["tokens"] as? [Any])
            let estimate = ApproximateTokenCounter().tokenCount(Substring(hit.text))
            #expect(estimate >= tokens.count, "estimate \(estimate) < real \(tokens.count) for \(hit.citation)")
        }
    }

    @Test("--reader with the real model: the server holds the reply to the schema, a named sentence is quoted and cites itself")
    func reader() async throws {
        try #require(LLMServer.isAvailable, "\(LLMServer.skipReason)")
        let corpus = try Self.shared.get()
        var request = AskRequest(question: "When does the automatic checkpoint run?", mode: .lexical, fastModel: try model())
        request.reader = SentenceReader()
        let answer = try await corpus.knowledgeBase.ask(request)
        #expect(answer.kind == .extractive, "gate \(String(describing: answer.gate))")
        #expect(answer.model != nil, "the model was asked")
        // Whatever it chose, llama.cpp's grammar made the reply a valid choice: no fallback warning.
        #expect(!answer.warnings.contains { $0.contains("not a sentence number") || $0.contains("could not read") }, "\(answer.warnings)")
        let draft = try #require(answer.draft)
        #expect(SentenceReader().parse(draft, count: SentenceReader().candidateCount) != nil, "\(draft)")
        #expect(!answer.shownCitations.isEmpty)
        try check(answer, in: corpus)
    }
}
