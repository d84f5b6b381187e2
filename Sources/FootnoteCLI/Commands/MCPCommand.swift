import ArgumentParser
import Foundation
import Footnote
import FootnoteMCP

/// `footnote mcp`: an MCP server over stdin/stdout for agents (Claude Desktop, IDE assistants, any MCP client).
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the index to agents over MCP on stdin/stdout (tools: search, ask, cite, get_document).",
        discussion: """
            Logs go to stderr; stdout carries only the protocol. Register it with an MCP client, e.g.
              {"mcpServers": {"footnote": {"command": "/path/to/footnote",
                                           "args": ["mcp", "--index", "/path/to/index.sqlite"]}}}
            --group restricts the agent to documents of those groups (and documents without groups). \
            Messages are JSON-RPC 2.0, one per line, at most 4 MiB each (a longer line is answered with a \
            parse error and skipped). Replies come in request order; at end of stdin the server answers \
            every request it read, then exits.
            """)

    @OptionGroup var options: IndexOptions

    @Option(name: .long, help: "Only documents visible to this group (repeatable); default: every document.")
    var group: [String] = []

    @OptionGroup(title: "Language model for the ask tool (none: extractive answers)") var language: LanguageModelOptions
    @OptionGroup(title: "Evidence gate for the ask tool") var gateOptions: GateOptions

    func run() async throws {
        let knowledgeBase = try options.openKnowledgeBase(command: "mcp")
        let models = try language.models()
        try await FootnoteMCPServer.serveStdio(
            knowledgeBase: knowledgeBase, accessGroups: group.isEmpty ? nil : group, fastModel: models.fast, deepModel: models.deep,
            gate: try gateOptions.explicitGate()?.gate, reader: language.sentenceReader)
    }
}
