import Footnote
import FootnoteCore
import Foundation
import Testing
import TestSupport

@Suite("ask --reader: the model names the sentence, the document's words are quoted", .serialized)
struct ReaderAskTests {
    static let question = "When do checkpoints run automatically?"

    func request(_ fixture: AskFixture, server: FakeChatServer) throws -> AskRequest {
        var request = AskRequest(question: Self.question, mode: .lexical, fastModel: try fixture.model(server))
        request.reader = SentenceReader()
        return request
    }

    @Test("the named sentence is quoted word for word and its citation resolves to it")
    func named() async throws {
        let fixture = try AskFixture()
        let ranked = try await fixture.knowledgeBase.ask(AskRequest(question: Self.question, mode: .lexical))
        let rankedQuote = try #require(ranked.shownCitations.first?.quote)
        let server = try FakeChatServer(replies: [FakeChatServer.completion(#"{"sentence": 2}"#)])
        let answer = try await fixture.knowledgeBase.ask(try request(fixture, server: server))
        #expect(answer.kind == .extractive)
        #expect(answer.model == "scripted")
        #expect(answer.warnings.isEmpty, "\(answer.warnings)")
        let citation = try #require(answer.shownCitations.first)
        #expect(citation.quote != rankedQuote, "the second sentence, not the ranking's first, is quoted")
        #expect(try fixture.knowledgeBase.cite(citation.citation).text == citation.quote)
        #expect(answer.sources.contains { $0.hit.text.contains(citation.quote) })
    }

    @Test("a reply that names no sentence, or none, keeps the ranking's choice and says why")
    func fallbacks() async throws {
        let fixture = try AskFixture()
        let ranked = try await fixture.knowledgeBase.ask(AskRequest(question: Self.question, mode: .lexical))
        for (reply, warning) in [("I think the first one.", "not a sentence number"), (#"{"sentence": 0}"#, "named none")] {
            let server = try FakeChatServer(replies: [FakeChatServer.completion(reply)])
            let answer = try await fixture.knowledgeBase.ask(try request(fixture, server: server))
            #expect(answer.kind == .extractive)
            #expect(answer.text == ranked.text)
            #expect(answer.warnings.contains { $0.contains(warning) }, "\(answer.warnings)")
        }
    }

    @Test("a model server that fails does not fail the question: the ranking's choice is quoted with a warning")
    func serverDown() async throws {
        let fixture = try AskFixture()
        let ranked = try await fixture.knowledgeBase.ask(AskRequest(question: Self.question, mode: .lexical))
        let server = try FakeChatServer(replies: [FakeChatServer.Reply(status: 500, pieces: ["{\"error\": \"boom\"}"])])
        let answer = try await fixture.knowledgeBase.ask(try request(fixture, server: server))
        #expect(answer.text == ranked.text)
        #expect(answer.warnings.contains { $0.contains("could not read") }, "\(answer.warnings)")
    }
}
