import Foundation
import Footnote
import FootnoteCore
import Grounding

extension KnowledgeService {
    /// A grounded answer from the documents the caller may see: retrieval, evidence gate and citation
    /// checks run inside `KnowledgeBase.ask` with the caller's groups as the search filter.
    func ask(_ body: AskBody, principal: Principal, onToken: (@Sendable (String) -> Void)? = nil) async throws -> AskResponse {
        let question = body.question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw ServiceError.badRequest(field: "question", reason: "an answer needs a question") }
        guard question.count <= SearchTranslation.maxQueryLength else {
            throw ServiceError.badRequest(field: "question", reason: "longer than \(SearchTranslation.maxQueryLength) characters")
        }
        let sources = body.limit ?? 5
        guard (1...20).contains(sources) else { throw ServiceError.badRequest(field: "limit", reason: "expected 1…20, got \(sources)") }
        let request = AskRequest(
            question: question, sourceLimit: sources, filter: SearchFilter(accessGroups: principal.groups),
            mode: try SearchTranslation.searchMode(body.mode), strict: body.strict ?? false, gate: askModels.gate,
            fastModel: askModels.fast, deepModel: askModels.deep, onToken: onToken)
        await askLimiter.acquire()
        do {
            let reader = pool.anyReader()
            let answer = try await reader.ask(request)
            await askLimiter.release()
            return AskResponse(answer)
        } catch {
            await askLimiter.release()
            throw error
        }
    }
}

/// `POST /v1/ask` body.
struct AskBody: Decodable, Sendable {
    var question: String
    var mode: String?
    var limit: Int?
    var strict: Bool?
}

/// A grounded answer on the wire: the text with `[n]` markers, its sentences with verified citations, and sources.
struct AskResponse: Encodable, Sendable {
    struct Citation: Encodable, Sendable {
        var number: Int
        var citation: String
        var quote: String
        var supports: Bool
    }
    struct Sentence: Encodable, Sendable {
        var text: String
        var verdict: String
        var citations: [Citation]
    }
    struct Source: Encodable, Sendable {
        var number: Int
        var cited: Bool
        var hit: SearchHit
    }
    /// The evidence gate's verdict (knowledge questions only): abstain when the score is below the threshold.
    struct Gate: Encodable, Sendable {
        var score: Double
        var threshold: Double
        var abstain: Bool
    }

    var question: String
    var kind: String
    var answer: String
    var sentences: [Sentence]
    var sources: [Source]
    var model: String?
    var strict: Bool
    var warnings: [String]
    var route: String
    var gate: Gate?

    init(_ grounded: GroundedAnswer) {
        question = grounded.question
        kind = grounded.kind.rawValue
        answer = grounded.text
        sentences = grounded.sentences.map { sentence in
            Sentence(text: sentence.text, verdict: sentence.verdict.rawValue, citations: sentence.citations.map {
                Citation(number: $0.number, citation: $0.citation, quote: $0.quote, supports: $0.supports)
            })
        }
        sources = grounded.sources.map { Source(number: $0.number, cited: $0.cited, hit: $0.hit) }
        model = grounded.model
        strict = grounded.strict
        warnings = grounded.warnings
        route = "\(grounded.routing.route)"
        gate = grounded.gate.map { Gate(score: $0.score, threshold: $0.threshold, abstain: $0.abstain) }
    }
}
