import Foundation
import FootnoteCore
import LanguageModels
import Testing
import TestSupport

@Suite("The chat client against the real local model (make llm)", .serialized)
struct RealModelTests {
    @Test("streams a completion from llama.cpp's server", .enabled(if: LLMServer.shouldRun, Comment(rawValue: LLMServer.skipReason)))
    func streamsFromRealServer() async throws {
        try #require(LLMServer.isAvailable, "\(LLMServer.skipReason)")
        let client = OpenAICompatibleClient(endpoint: try ChatEndpoint(baseURLString: LLMServer.baseURL, model: LLMServer.model, timeout: 120))
        let pieces = Pieces()
        let request = ChatRequest(messages: [
            ChatMessage(role: "system", content: "Answer in one short sentence."),
            ChatMessage(role: "user", content: "Source [1]: The Eiffel Tower is in Paris.\nQuestion: In which city is the Eiffel Tower? Cite [1]."),
        ], maxTokens: 40)
        let answer = try await client.complete(request) { pieces.append($0) }
        #expect(pieces.all.count > 1, "expected several streamed pieces")
        #expect(pieces.all.joined() == answer.text)
        #expect(answer.text.lowercased().contains("paris"))
    }

    @Test("a plain (non-streamed) completion works too", .enabled(if: LLMServer.shouldRun, Comment(rawValue: LLMServer.skipReason)))
    func plainFromRealServer() async throws {
        try #require(LLMServer.isAvailable, "\(LLMServer.skipReason)")
        let client = OpenAICompatibleClient(endpoint: try ChatEndpoint(baseURLString: LLMServer.baseURL, model: LLMServer.model, timeout: 120))
        let answer = try await client.complete(ChatRequest(messages: [ChatMessage(role: "user", content: "Say hello.")], maxTokens: 12), onToken: nil)
        #expect(!answer.text.isEmpty)
    }
}
