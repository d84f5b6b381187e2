import Footnote
import Foundation
import FootnoteCore
import Hummingbird

/// Turns query parameters or a JSON body into a `SearchRequest`: validation only, no decisions.
enum SearchTranslation {
    static let maxQueryLength = 2000

    static func request(query: String?, limit: Int?, mode: String?, explain: Bool, paths: [String], formats: [String]) throws
        -> SearchRequest {
        guard let query = query?.trimmingCharacters(in: .whitespacesAndNewlines), !query.isEmpty else {
            throw ServiceError.badRequest(field: "q", reason: "a search needs a query")
        }
        guard query.count <= maxQueryLength else {
            throw ServiceError.badRequest(field: "q", reason: "the query is longer than \(maxQueryLength) characters")
        }
        let limit = limit ?? 10
        guard (1...100).contains(limit) else { throw ServiceError.badRequest(field: "limit", reason: "expected 1…100, got \(limit)") }
        let filter = SearchFilter(pathGlobs: paths.filter { !$0.isEmpty }, formats: try formatList(formats))
        return SearchRequest(query: query, limit: limit, filter: filter, mode: try searchMode(mode), explain: explain)
    }

    static func searchMode(_ text: String?) throws -> SearchMode? {
        guard let text, !text.isEmpty, text != "auto" else { return nil }
        guard let mode = SearchMode(rawValue: text) else {
            throw ServiceError.badRequest(field: "mode", reason: "expected lexical, semantic, hybrid or auto, got '\(text)'")
        }
        return mode
    }

    /// Formats from repeated or comma-separated values (`md` is Markdown).
    static func formatList(_ values: [String]) throws -> [DocumentFormat] {
        try values.flatMap { $0.split(separator: ",") }.map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let format = DocumentFormat(rawValue: trimmed == "md" ? "markdown" : trimmed) else {
                let known = DocumentFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw ServiceError.badRequest(field: "format", reason: "unknown format '\(trimmed)' (known: \(known))")
            }
            return format
        }
    }
}

extension RouterGroup where Context == FootnoteRequestContext {
    /// `GET /v1/search?q=&limit=&mode=&path=&format=&explain=` and `POST /v1/search`.
    func addSearchRoutes(service: KnowledgeService) {
        get("search") { request, context -> Response in
            let items = QueryItems(request.uri.query)
            let search = try SearchTranslation.request(
                query: items["q"], limit: try items.integer("limit", default: 10, in: 1...100), mode: items["mode"],
                explain: items["explain"] == "true" || items["explain"] == "1", paths: items.all("path"), formats: items.all("format"))
            return try JSONResponse.make(try await service.search(search, principal: try context.caller()))
        }
        post("search") { request, context -> Response in
            let body = try await request.decode(as: SearchBody.self, context: context)
            let search = try SearchTranslation.request(
                query: body.query, limit: body.limit, mode: body.mode, explain: body.explain ?? false,
                paths: body.filters?.paths ?? [], formats: body.filters?.formats ?? [])
            return try JSONResponse.make(try await service.search(search, principal: try context.caller()))
        }
    }

    /// `GET /v1/cite/{id}?context=N`.
    func addCiteRoutes(service: KnowledgeService) {
        get("cite/{id}") { request, context -> Response in
            // Clients may percent-encode the colons (JavaScript's encodeURIComponent does).
            let raw = try context.parameters.require("id")
            let id = raw.removingPercentEncoding ?? raw
            let length = try QueryItems(request.uri.query).integer("context", default: 200, in: 0...5000)
            return try JSONResponse.make(try await service.cite(id, contextLength: length, principal: try context.caller()))
        }
    }

    /// `GET /v1/stats`.
    func addStatsRoutes(service: KnowledgeService) {
        get("stats") { _, context -> Response in
            try JSONResponse.make(try await service.statistics(principal: try context.caller()))
        }
    }
}
