import Foundation
import FootnoteCore
@testable import LanguageModels
import Testing

@Suite("Chat requests held to a JSON schema (OpenAI's response_format)")
struct ResponseSchemaTests {
    let client: OpenAICompatibleClient

    init() throws {
        client = OpenAICompatibleClient(endpoint: try ChatEndpoint(baseURLString: "http://127.0.0.1:9/v1", model: "m", timeout: 1, maxRetries: 0))
    }

    @Test("a schema is sent as response_format json_schema; without one there is no response_format")
    func sent() throws {
        let schema = #"{"type":"object","properties":{"sentence":{"type":"integer","minimum":0,"maximum":3}},"required":["sentence"]}"#
        let request = ChatRequest(messages: [ChatMessage(role: "user", content: "Which?")], maxTokens: 8, responseSchema: schema)
        let body = try #require(try JSONSerialization.jsonObject(with: client.requestBody(request, stream: false)) as? [String: Any])
        let format = try #require(body["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        let wrapped = try #require(format["json_schema"] as? [String: Any])
        let sentSchema = try #require(wrapped["schema"] as? [String: Any])
        let sentence = try #require((sentSchema["properties"] as? [String: Any])?["sentence"] as? [String: Any])
        #expect(sentence["maximum"] as? Int == 3)
        #expect(body["max_tokens"] as? Int == 8)
        #expect(body["model"] as? String == "m")

        let plain = try #require(try JSONSerialization.jsonObject(
            with: client.requestBody(ChatRequest(messages: [ChatMessage(role: "user", content: "Hi")]), stream: false)) as? [String: Any])
        #expect(plain["response_format"] == nil)
    }

    @Test("a schema that is not a JSON object is refused before anything is sent, naming it")
    func invalid() {
        let request = ChatRequest(messages: [ChatMessage(role: "user", content: "Which?")], responseSchema: "[1, 2")
        #expect {
            _ = try client.requestBody(request, stream: false)
        } throws: { error in
            "\(error)".contains("response schema") && "\(error)".contains("[1, 2")
        }
    }
}
