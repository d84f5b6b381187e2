import FootnoteCore
import Grounding
import Testing

func makeHit(_ number: Int, _ text: String, start: Int = 1000, path: String = "/docs/a.md", title: String? = nil) -> SearchHit {
    SearchHit(chunkID: Int64(number), documentID: 1, path: path, format: .markdown, title: title, page: nil, pageEnd: nil,
              headingPath: ["Guide"], lineStart: 1, lineEnd: 3, start: start, end: start + text.unicodeScalars.count, text: text,
              snippet: text, score: 1, citation: "fn:abcdef123456:\(start)-\(start + text.unicodeScalars.count)")
}

@Suite("Citation parsing")
struct CitationParserTests {
    let parser = CitationParser()

    @Test("[n], [n, m], [n][m], ranges and 'Source n' are read; numbers outside the sources are set apart")
    func markers() {
        let sentences = parser.parse("Paris is the capital [1]. It has 2 million people [1, 2]. The tower [2][3] is tall. Seine [Source 2]. Big [1-3]. Wrong [7].", sourceCount: 3)
        #expect(sentences.map(\.numbers) == [[1], [1, 2], [2, 3], [2], [1, 2, 3], []])
        #expect(sentences.last?.invalidNumbers == [7])
        #expect(sentences[0].text == "Paris is the capital.")
        #expect(!sentences.map(\.text).joined().contains("["))
    }

    @Test("a marker after the full stop belongs to the sentence before")
    func trailingMarker() {
        let sentences = parser.parse("The checkpoint runs often. [2] Readers continue. [1]", sourceCount: 2)
        #expect(sentences.map(\.text) == ["The checkpoint runs often.", "Readers continue."])
        #expect(sentences.map(\.numbers) == [[2], [1]])
    }

    @Test("with no sources every number is invalid")
    func noSources() {
        #expect(parser.parse("Claim [1].", sourceCount: 0).first?.invalidNumbers == [1])
    }

    @Test("the stream filter never shows a marker, even split across pieces, and keeps other brackets")
    func streamFilter() {
        var filter = CitationMarkerFilter()
        let shown = ["Paris [", "1", "] is big [2,", " 3]. See [note] and a[i]", "."].map { filter.feed($0) }.joined() + filter.finish()
        #expect(shown == "Paris  is big . See [note] and a[i].")
    }
}

@Suite("Citation verification")
struct CitationVerifierTests {
    let verifier = CitationVerifier.default
    let passage = "SQLite is a library. The write-ahead log keeps changes in a separate WAL file. A checkpoint copies them back into the database. Readers do not block writers."

    @Test("the smallest supporting span is one sentence, resolved to a cite-able id in the same version")
    func smallestSpan() async throws {
        let sources = [AnswerSource(number: 1, hit: makeHit(1, passage, start: 500))]
        let sentences = CitationParser().parse("A checkpoint copies changes back into the database [1].", sourceCount: 1)
        let verified = await verifier.verify(sentences, sources: sources)
        let citation = try #require(verified.first?.citations.first)
        #expect(verified.first?.verdict == .supported)
        #expect(citation.quote == "A checkpoint copies them back into the database.")
        let id = try #require(CitationID(citation.citation))
        let scalars = Array(passage.unicodeScalars)
        #expect(id.versionPrefix == "abcdef123456")
        #expect(String(String.UnicodeScalarView(scalars[(id.start - 500)..<(id.end - 500)])) == citation.quote)
    }

    @Test("a sentence the cited passage does not support is flagged; out-of-range numbers are never citations")
    func unsupported() async {
        let sources = [AnswerSource(number: 1, hit: makeHit(1, passage)), AnswerSource(number: 2, hit: makeHit(2, "Bananas are yellow fruit rich in potassium."))]
        let sentences = CitationParser().parse("The moon landing happened in 1969 [1]. Bananas are yellow [2]. Rust is fast [9].", sourceCount: 2)
        let verified = await verifier.verify(sentences, sources: sources)
        #expect(verified[0].verdict == .unsupported)
        #expect(verified[1].verdict == .supported)
        #expect(verified[2].verdict == .uncited)
        #expect(verified[2].invalidNumbers == [9])
        #expect(verified.flatMap(\.citations).allSatisfy { (1...2).contains($0.number) })
    }

    @Test("an uncited sentence copied from a source is attributed by the verifier and marked so")
    func attribution() async {
        let sources = [AnswerSource(number: 1, hit: makeHit(1, "Bananas are yellow.")), AnswerSource(number: 2, hit: makeHit(2, passage))]
        let verified = await verifier.verify(CitationParser().parse("Readers do not block writers.", sourceCount: 2), sources: sources)
        #expect(verified.first?.verdict == .supported)
        #expect(verified.first?.citations.map(\.number) == [2])
        #expect(verified.first?.citations.first?.attributed == true)
    }

    @Test("with a weak-overlap threshold, embedding similarity rescues a paraphrase with partial overlap, and only then")
    func similarity() async {
        let sources = [AnswerSource(number: 1, hit: makeHit(1, passage))]
        let claim = CitationParser().parse("The WAL file stores pending modifications [1].", sourceCount: 1)
        let verifier = CitationVerifier(overlapThreshold: 0.6, weakOverlapThreshold: 0.3, similarityThreshold: 0.6, maxWindow: 3)
        let without = await verifier.verify(claim, sources: sources)
        let with = await verifier.verify(claim, sources: sources, similarity: { pairs in pairs.map { _ in 0.8 } })
        #expect(without.first?.verdict == .unsupported)
        #expect(with.first?.verdict == .supported)
        #expect(with.first?.citations.first?.similarity == 0.8)
    }
}

@Suite("Numbers in claims")
struct NumberAgreementTests {
    @Test("a sentence with a number its cited span lacks is unsupported; number words count as digits")
    func numbers() async {
        let sources = [AnswerSource(number: 1, hit: makeHit(1, "Josh Norman intercepted four passes in 2015. Thomas Davis forced four fumbles."))]
        let verified = await CitationVerifier.default.verify(CitationParser().parse(
            "Josh Norman intercepted 136 passes in 2015 [1]. Thomas Davis forced 4 fumbles [1].", sourceCount: 1), sources: sources)
        #expect(verified.map(\.verdict) == [.unsupported, .supported])
    }
}

@Suite("New information in claims")
struct NovelTermTests {
    let passage = "The Panthers finished with a 15-1 record. Cam Newton was named the league's Most Valuable Player."
    let strict = CitationVerifier(overlapThreshold: 0.35, weakOverlapThreshold: 0.35, similarityThreshold: 1.01, maxWindow: 3,
                                  novelCoverageThreshold: 1)

    @Test("a sentence whose added detail (the answer) is not in the cited span is unsupported, though it restates the question")
    func wrongDetail() async {
        let sources = [AnswerSource(number: 1, hit: makeHit(1, passage))]
        let question = "Who was named the Most Valuable Player?"
        let answers = CitationParser().parse("Peyton Manning was named the Most Valuable Player [1]. Cam Newton was named the Most Valuable Player [1].", sourceCount: 1)
        let verified = await strict.verify(answers, sources: sources, question: question)
        #expect(verified.map(\.verdict) == [.unsupported, .supported])
        #expect(verified.first?.citations.first?.supports == false)
        // Overlap alone is carried by the question's words and accepts the wrong name.
        var overlapOnly = strict
        overlapOnly.novelCoverageThreshold = 0
        let blind = await overlapOnly.verify(answers, sources: sources, question: question)
        #expect(blind.first?.verdict == .supported)
    }

    @Test("novel coverage is the IDF-weighted share of the sentence's terms outside the question that the span holds")
    func coverage() throws {
        let span = try #require(strict.bestSpan(for: "Cam Newton was named MVP", in: passage, weights: ["cam": 3, "newton": 3, "mvp": 2],
                                                questionTerms: Set(TextUnits.contentTerms("Who was named MVP?"))))
        #expect(abs(span.novelCoverage - 1) < 1e-9)
        let wrong = try #require(strict.bestSpan(for: "Cam Smith was named MVP", in: passage, weights: ["cam": 3, "smith": 3],
                                                 questionTerms: Set(TextUnits.contentTerms("Who was named MVP?"))))
        #expect(abs(wrong.novelCoverage - 0.5) < 1e-9)
    }
}

@Suite("What a sentence says about its answer")
struct ContextTermTests {
    let sources = [
        AnswerSource(number: 1, hit: makeHit(1, "The Panthers line featured defensive end Kony Ealy, who had 5 sacks in just 9 starts.")),
        AnswerSource(number: 2, hit: makeHit(2, "Newton fumbled the ball on 3rd-and-9 and did not jump on it.", start: 5000)),
    ]
    let question = "Who fumbled the ball on 3rd-and-9?"

    @Test("a span that names the claimed answer but not what the question asks does not back the sentence")
    func misplacedAnswer() async throws {
        let answer = CitationParser().parse("Kony Ealy fumbled the ball on 3rd-and-9 [1]. Newton fumbled the ball on 3rd-and-9 [2].", sourceCount: 2)
        let verified = await CitationVerifier.default.verify(answer, sources: sources, question: question)
        #expect(verified.map(\.verdict) == [.unsupported, .supported])
        let wrong = try #require(CitationVerifier.default.bestSpan(
            for: "Kony Ealy fumbled the ball on 3rd-and-9", in: sources[0].hit.text, questionTerms: Set(TextUnits.contentTerms(question))))
        #expect(wrong.novelCoverage == 1)
        #expect(wrong.contextCoverage == 0)
        // The previous setting (overlap ≥ 0.35, new terms ≥ 0.5, no question-term rule) accepted it.
        let previous = CitationVerifier(overlapThreshold: 0.35, weakOverlapThreshold: 0.35, similarityThreshold: 0.6, maxWindow: 3,
                                        novelCoverageThreshold: 0.5)
        #expect(await previous.verify(answer, sources: sources, question: question).map(\.verdict) == [.supported, .supported])
    }
}
