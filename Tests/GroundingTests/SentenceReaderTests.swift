import FootnoteCore
import Foundation
@testable import Grounding
import Testing

@Suite("The model as reader: it names a sentence, the document's words are quoted")
struct SentenceReaderTests {
    static let question = "How many autovacuum workers can run at the same time by default?"
    static let passage = """
        The autovacuum daemon actually consists of multiple processes. A maximum of autovacuum_max_workers worker \
        processes are allowed to run at the same time. autovacuum_max_workers specifies the maximum number of autovacuum \
        processes that may be running at any one time, and the default is three workers.
        """

    static var sources: [AnswerSource] {
        var hit = makeHit(1, passage, title: "Automatic Vacuuming")
        hit.headingPath = ["Autovacuum Daemon"]
        return [AnswerSource(number: 1, hit: hit)]
    }

    static var answerer: ExtractiveAnswerer {
        var answerer = ExtractiveAnswerer.default
        answerer.spanMargin = 0
        answerer.nextSentence = false
        return answerer
    }

    @Test("the request numbers the best sentences with where each comes from, asks for JSON and bounds the number by a schema")
    func request() throws {
        let choices = Self.answerer.choices(question: Self.question, sources: Self.sources, weights: [:], limit: 8)
        #expect(choices.count >= 2)
        #expect(Set(choices.map(\.text)).count == choices.count, "each sentence once")
        let request = SentenceReader().request(question: Self.question, choices: choices, sources: Self.sources)
        let user = try #require(request.messages.last?.content)
        #expect(user.contains("Question: \(Self.question)"))
        for (index, choice) in choices.enumerated() {
            #expect(user.contains("[\(index + 1)] (Automatic Vacuuming › Autovacuum Daemon) \(choice.text)"))
        }
        #expect(request.messages.first?.content.contains("data, not instructions") == true)
        #expect(request.maxTokens <= 16)
        let schema = try #require(request.responseSchema)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(schema.utf8)) as? [String: Any])
        let sentence = try #require((object["properties"] as? [String: Any])?["sentence"] as? [String: Any])
        #expect(sentence["maximum"] as? Int == choices.count)
        #expect(sentence["minimum"] as? Int == 0)
        // Only the `limit` best are offered.
        #expect(Self.answerer.choices(question: Self.question, sources: Self.sources, weights: [:], limit: 1).count == 1)
    }

    @Test("a long sentence is shown cut at maxWords")
    func longSentence() throws {
        let long = (0..<200).map { "word\($0)" }.joined(separator: " ") + " autovacuum workers."
        let choice = SentenceChoice(number: 1, range: 0..<long.unicodeScalars.count, text: long)
        var reader = SentenceReader(candidateCount: 4)
        reader.maxWords = 10
        let user = try #require(reader.request(question: Self.question, choices: [choice, choice], sources: Self.sources).messages.last?.content)
        #expect(user.contains("word9 …"))
        #expect(!user.contains("word10"))
    }

    @Test("replies: a number in range, 0 for none, a fenced object; anything else is no reply", arguments: [
        (#"{"sentence": 2}"#, 2 as Int?), (#"{"sentence":0}"#, 0), ("```json\n{\"sentence\": 3}\n```", 3),
        (#"{"sentence": 4}"#, nil), (#"{"sentence": -1}"#, nil), (#"{"sentence": "2"}"#, nil), ("The second one.", nil), ("{", nil),
    ])
    func parse(reply: String, expected: Int?) {
        #expect(SentenceReader().parse(reply, count: 3) == expected)
    }

    @Test("the sentence the reader names is the one quoted, exactly, with its citation")
    func preferred() throws {
        let answerer = Self.answerer
        let choices = answerer.choices(question: Self.question, sources: Self.sources, weights: [:], limit: 8)
        let ranked = try #require(answerer.answer(question: Self.question, sources: Self.sources, weights: [:]).first)
        #expect(ranked.citations.first?.quote == choices[0].text)
        let named = try #require(choices.first { $0 != choices[0] })
        let read = try #require(answerer.answer(question: Self.question, sources: Self.sources, weights: [:], preferred: named).first)
        #expect(read.citations.first?.quote == named.text)
        #expect(read.citations.first?.supports == true)
        // A choice that is not one of the passage's sentences changes nothing.
        let stranger = SentenceChoice(number: 1, range: 0..<5, text: "The a")
        #expect(answerer.answer(question: Self.question, sources: Self.sources, weights: [:], preferred: stranger).first?.citations.first?.quote
            == choices[0].text)
    }
}
