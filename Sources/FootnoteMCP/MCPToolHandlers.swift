import Foundation
import Footnote
import FootnoteCore
import MCP

/// Runs tool calls against the knowledge base: arguments in, hits and verified spans out.
struct MCPToolHandlers: Sendable {
    let knowledgeBase: KnowledgeBase
    /// The agent's access groups; nil lets it see every document (the index owner's own agent).
    let accessGroups: [String]?
    let runner: BlockingRunner
    /// Models for `ask`; both nil gives extractive answers.
    let fastModel: (any LanguageModel)?
    let deepModel: (any LanguageModel)?
    /// The evidence gate `ask` answers behind; nil: the index's own (`calibrate --self`), else the shipped gate.
    let gate: EvidenceGate?
    /// With a model: the model reads instead of writing (`mcp --reader`).
    var reader: SentenceReader? = nil

    /// One `tools/call`; failures become results with `isError: true` and a message the agent can act on.
    func call(_ parameters: CallTool.Parameters) async -> CallTool.Result {
        let arguments = parameters.arguments ?? [:]
        do {
            switch parameters.name {
            case "search": return try await search(arguments)
            case "cite": return try await cite(arguments)
            case "ask": return try await ask(arguments)
            case "get_document": return try await getDocument(arguments)
            default: throw FootnoteMCPError.unknownTool(parameters.name)
            }
        } catch {
            let message = String(describing: error)
            return CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
        }
    }

    private func search(_ arguments: [String: Value]) async throws -> CallTool.Result {
        let query = try Arguments.string(arguments, "query", tool: "search")
        let limit = try Arguments.integer(arguments, "limit", tool: "search", default: 8, in: 1...50)
        let modeName = try Arguments.optionalString(arguments, "mode", tool: "search")
        var mode: SearchMode?
        if let modeName {
            guard let value = SearchMode(rawValue: modeName) else {
                throw FootnoteMCPError.invalidArgument(tool: "search", argument: "mode", reason: "expected lexical, semantic or hybrid")
            }
            mode = value
        }
        let formats = try Arguments.strings(arguments, "formats", tool: "search").map { name -> DocumentFormat in
            guard let format = DocumentFormat(rawValue: name.lowercased() == "md" ? "markdown" : name.lowercased()) else {
                throw FootnoteMCPError.invalidArgument(tool: "search", argument: "formats", reason: "unknown format '\(name)'")
            }
            return format
        }
        let filter = SearchFilter(
            pathGlobs: try Arguments.strings(arguments, "paths", tool: "search"), formats: formats, accessGroups: accessGroups)
        let request = SearchRequest(query: query, limit: limit, filter: filter, mode: mode)
        let knowledgeBase = knowledgeBase
        let hits = try await runner.run { try knowledgeBase.search(request) }
        let output = SearchOutput(query: query, hits: hits.map(HitOutput.init))
        let fence = SourceText.Fence()
        let lines = hits.enumerated().map { rank, hit in
            "\(rank + 1). \(hit.path)\(hit.headingPath.isEmpty ? "" : " · " + hit.headingPath.joined(separator: " › "))"
                + (hit.page.map { " · page \($0)" } ?? "") + "\n   cite: \(hit.citation)\n" + fence.wrap(hit.text)
        }
        let text = hits.isEmpty ? "No passages match '\(query)'." : ([SourceText.note] + lines).joined(separator: "\n\n")
        return try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: output)
    }

    private func ask(_ arguments: [String: Value]) async throws -> CallTool.Result {
        let question = try Arguments.string(arguments, "question", tool: "ask")
        let limit = try Arguments.integer(arguments, "limit", tool: "ask", default: 5, in: 1...20)
        let strict = arguments["strict"]?.boolValue ?? false
        var request = AskRequest(question: question, sourceLimit: limit, filter: SearchFilter(accessGroups: accessGroups),
                                 strict: strict, gate: gate, fastModel: fastModel, deepModel: deepModel)
        request.reader = reader
        let answer = try await knowledgeBase.ask(request)
        let output = AskOutput(answer)
        let sources = output.sources.filter(\.cited).map { "[\($0.number)] \($0.path) — cite: \($0.citation)" }
        // Extractive answers are document sentences and generated ones are written from them: both are fenced.
        let quotesDocuments = [.extractive, .generated, .citationLookup].contains(answer.kind)
        let shown = quotesDocuments ? [SourceText.note, "", SourceText.fence(output.answer)] : [output.answer]
        let text = (shown + (sources.isEmpty ? [] : ["", "Sources:"] + sources)).joined(separator: "\n")
        return try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: output)
    }

    private func cite(_ arguments: [String: Value]) async throws -> CallTool.Result {
        let citation = try Arguments.string(arguments, "citation", tool: "cite")
        let context = try Arguments.integer(arguments, "context", tool: "cite", default: 200, in: 0...5000)
        let knowledgeBase = knowledgeBase
        let groups = accessGroups
        let view = try await runner.run { try knowledgeBase.cite(citation, contextLength: context, accessGroups: groups) }
        let text = "\(SourceText.note)\n\n\(view.path) (\(view.drift.rawValue)\(view.isCurrentVersion ? "" : ", an older version"))\n"
            + SourceText.fence(view.text)
        return try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: CiteOutput(view))
    }

    private func getDocument(_ arguments: [String: Value]) async throws -> CallTool.Result {
        let id = try Arguments.optionalInteger(arguments, "id", tool: "get_document")
        let path = try Arguments.optionalString(arguments, "path", tool: "get_document")
        let maxChunks = try Arguments.integer(arguments, "maxChunks", tool: "get_document", default: 200, in: 1...1000)
        guard id != nil || path != nil else {
            throw FootnoteMCPError.invalidArgument(tool: "get_document", argument: "id", reason: "give an id or a path")
        }
        let catalog = DocumentCatalog(knowledgeBase: knowledgeBase, accessGroups: accessGroups)
        let output = try await runner.run { () -> DocumentOutput in
            guard let record = try catalog.visibleDocument(id: id.map(Int64.init), path: path) else {
                throw FootnoteMCPError.documentNotFound(id: id.map(Int64.init), path: path)
            }
            let chunks = try knowledgeBase.chunks(documentID: record.id, accessGroups: catalog.accessGroups).prefix(maxChunks)
            return DocumentOutput(record: record, chunks: Array(chunks))
        }
        let fence = SourceText.Fence()
        let text = "\(SourceText.note)\n\n\(output.path) (\(output.format), \(output.chunkCount) chunks)\n\n"
            + output.chunks.map { "[\($0.citation)]\n" + fence.wrap($0.sourceText) }.joined(separator: "\n\n")
        return try CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: output)
    }
}
