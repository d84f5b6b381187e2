import Foundation
import Footnote
import Logging
import MCP

/// Builds Footnote's MCP server (https://modelcontextprotocol.io): tools `search`, `cite`, `get_document`
/// and the documents as resources. The caller starts it on a transport (stdio for `footnote mcp`).
public enum FootnoteMCPServer {
    /// The server name reported in `initialize`.
    public static let name = "footnote"

    /// A server with every handler registered; `accessGroups` restricts what the agent sees (nil: everything).
    public static func make(knowledgeBase: KnowledgeBase, accessGroups: [String]? = nil, version: String = "0.1.0") async -> Server {
        let server = Server(
            name: name, version: version, title: "Footnote knowledge base",
            instructions: """
                Search company documents with `search`; every hit has a citation id. Quote only what `cite` \
                returns for an id: it is the exact text, with whether the file still matches.
                """,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        let runner = BlockingRunner()
        let tools = MCPToolHandlers(knowledgeBase: knowledgeBase, accessGroups: accessGroups, runner: runner)
        let catalog = DocumentCatalog(knowledgeBase: knowledgeBase, accessGroups: accessGroups)
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: MCPToolCatalog.all) }
        await server.withMethodHandler(CallTool.self) { parameters in await tools.call(parameters) }
        await server.withMethodHandler(ListResources.self) { parameters in
            try await runner.run { try catalog.list(cursor: parameters.cursor) }
        }
        await server.withMethodHandler(ReadResource.self) { parameters in
            do {
                return try await runner.run { try catalog.read(uri: parameters.uri) }
            } catch let error as FootnoteMCPError {
                throw MCPError.invalidParams(error.description)
            }
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            ListResourceTemplates.Result(templates: [
                Resource.Template(uriTemplate: DocumentCatalog.uriPrefix + "{id}", name: "document",
                                  description: "The text of an indexed document (citation spans index into it)", mimeType: "text/plain"),
            ])
        }
        return server
    }

    /// Serves MCP over stdin/stdout until the client disconnects. Logs go to `logger` (stderr), never stdout.
    public static func runStdio(knowledgeBase: KnowledgeBase, accessGroups: [String]?, logger: Logger) async throws {
        let server = await make(knowledgeBase: knowledgeBase, accessGroups: accessGroups)
        let transport = StdioTransport(logger: logger)
        logger.info("MCP server ready on stdio", metadata: ["index.path": .string(knowledgeBase.configuration.indexPath)])
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        logger.info("MCP client disconnected")
    }
}
