import Foundation
import Hummingbird

extension RouterGroup where Context == FootnoteRequestContext {
    /// `GET/POST /v1/documents`, `GET/DELETE /v1/documents/{id}`.
    func addDocumentRoutes(service: KnowledgeService, maxUploadBytes: Int) {
        get("documents") { request, context -> Response in
            let items = QueryItems(request.uri.query)
            let limit = try items.integer("limit", default: 100, in: 1...1000)
            let offset = try items.integer("offset", default: 0, in: 0...Int(Int32.max))
            let under = items["under"].flatMap { $0.isEmpty ? nil : $0 }
            return try JSONResponse.make(
                try await service.documents(under: under, limit: limit, offset: offset, principal: try context.caller()))
        }
        get("documents/{id}") { _, context -> Response in
            let id = try Self.documentID(context)
            return try JSONResponse.make(try await service.document(id: id, principal: try context.caller()))
        }
        delete("documents/{id}") { _, context -> Response in
            let id = try Self.documentID(context)
            return try JSONResponse.make(try await service.delete(id: id, principal: try context.caller()))
        }
        post("documents") { request, context -> Response in
            let principal = try context.caller()
            guard let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType: contentType) else {
                throw ServiceError.badRequest(field: "Content-Type", reason: "expected multipart/form-data with a boundary")
            }
            if let length = request.headers[.contentLength].flatMap(Int.init), length > maxUploadBytes {
                throw ServiceError.payloadTooLarge(limit: maxUploadBytes)
            }
            var request = request
            let buffer = try await request.collectBody(upTo: maxUploadBytes)
            let form = try MultipartForm(body: Array(buffer.readableBytesView), boundary: boundary)
            let files = form.parts.compactMap { part -> UploadedFile? in
                guard let filename = part.filename else { return nil }
                return UploadedFile(filename: filename, data: part.data)
            }
            let groupFields = form.parts.filter { $0.filename == nil && $0.name == "groups" }
            let groups: [String]? = groupFields.isEmpty ? nil : groupFields.flatMap { part in
                String(decoding: part.data, as: UTF8.self).split(separator: ",").map(String.init)
            }.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let response = try await service.upload(files, requestedGroups: groups, principal: principal)
            return try JSONResponse.make(response, status: response.added > 0 ? .created : .ok)
        }
    }

    private static func documentID(_ context: FootnoteRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw ServiceError.badRequest(field: "id", reason: "'\(text)' is not a document id") }
        return id
    }
}
