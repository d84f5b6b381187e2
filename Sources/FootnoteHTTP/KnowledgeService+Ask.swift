import Foundation
import Footnote
import FootnoteCore

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
        var request = AskRequest(
            question: question, sourceLimit: sources, filter: SearchFilter(accessGroups: principal.groups),
            mode: try SearchTranslation.searchMode(body.mode), strict: body.strict ?? false, gate: askModels.gate,
            fastModel: askModels.fast, deepModel: askModels.deep, onToken: onToken)
        request.reader = askModels.reader
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
