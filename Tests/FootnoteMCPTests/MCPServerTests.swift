import Foundation
import FootnoteCore
import Footnote
@testable import FootnoteMCP
import Grounding
import MCP
import TestSupport
import Testing

/// A small index with a public and an engineering-only document.
private func makeKnowledgeBase(_ directory: TemporaryDirectory) throws -> KnowledgeBase {
    try directory.write("docs/wal.md", "# Write-ahead log\n\nA checkpoint moves pages from the write-ahead log back into the database.\n")
    try directory.write("docs/secret/.footnoteaccess", "engineering\n")
    try directory.write("docs/secret/falcon.md", "# Falcon\n\nThe Falcon checkpoint schedule is confidential.\n")
    let knowledgeBase = try KnowledgeBase(configuration: FootnoteConfiguration(indexPath: directory.url.appendingPathComponent("i.sqlite").path))
    _ = try knowledgeBase.add([directory.url.appendingPathComponent("docs").path])
    return knowledgeBase
}

private func text(_ content: [Tool.Content]) -> String {
    content.compactMap { if case let .text(text, _, _) = $0 { return text } else { return nil } }.joined(separator: "\n")
}

@Suite("MCP server in-process (SDK in-memory transport)")
struct MCPServerTests {
    private func connect(_ knowledgeBase: KnowledgeBase, groups: [String]? = nil, gate: EvidenceGate = .default) async throws -> (Client, Server) {
        let server = await FootnoteMCPServer.make(knowledgeBase: knowledgeBase, accessGroups: groups, gate: gate)
        let (clientTransport, serverTransport) = await InMemoryTransport.createConnectedPair()
        try await server.start(transport: serverTransport)
        let client = Client(name: "footnote-tests", version: "1.0")
        _ = try await client.connect(transport: clientTransport)
        return (client, server)
    }

    @Test("tools/list offers search, cite and get_document with object schemas")
    func listsTools() async throws {
        let directory = try TemporaryDirectory()
        let (client, server) = try await connect(try makeKnowledgeBase(directory))
        let tools = try await client.listTools().tools
        #expect(tools.map(\.name) == ["search", "ask", "cite", "get_document"])
        for tool in tools { #expect(tool.inputSchema.objectValue?["type"]?.stringValue == "object") }
        #expect(tools.first?.inputSchema.objectValue?["required"]?.arrayValue?.first?.stringValue == "query")
        await client.disconnect()
        await server.stop()
    }

    @Test("search returns citation ids that cite resolves to the exact passage")
    func searchThenCite() async throws {
        let directory = try TemporaryDirectory()
        let (client, server) = try await connect(try makeKnowledgeBase(directory))
        let search = try await client.callTool(name: "search", arguments: ["query": "checkpoint write-ahead", "limit": 1])
        #expect(search.isError != true)
        let found = text(search.content)
        let citation = try #require(found.split(separator: "\n").first { $0.contains("cite: fn:") }?
            .components(separatedBy: "cite: ").last)
        let cite = try await client.callTool(name: "cite", arguments: ["citation": .string(citation)])
        #expect(cite.isError != true)
        #expect(text(cite.content).contains("A checkpoint moves pages"))
        #expect(text(cite.content).contains("(current)"))
        await client.disconnect()
        await server.stop()
    }

    @Test("bad arguments and unknown tools are tool errors, not protocol failures")
    func toolErrors() async throws {
        let directory = try TemporaryDirectory()
        let (client, server) = try await connect(try makeKnowledgeBase(directory))
        let missing = try await client.callTool(name: "search", arguments: [:])
        #expect(missing.isError == true)
        #expect(text(missing.content).contains("query"))
        #expect(try await client.callTool(name: "search", arguments: ["query": "x", "limit": 0]).isError == true)
        #expect(try await client.callTool(name: "cite", arguments: ["citation": "nonsense"]).isError == true)
        #expect(try await client.callTool(name: "get_document", arguments: [:]).isError == true)
        #expect(try await client.callTool(name: "launch_rockets").isError == true)
        await client.disconnect()
        await server.stop()
    }

    @Test("documents are resources; get_document lists chunks with citation ids")
    func resourcesAndDocuments() async throws {
        let directory = try TemporaryDirectory()
        let (client, server) = try await connect(try makeKnowledgeBase(directory))
        let resources = try await client.listResources().resources
        #expect(resources.count == 2)
        let wal = try #require(resources.first { $0.name == "wal.md" })
        let contents = try await client.readResource(uri: wal.uri)
        #expect(contents.first?.text?.hasPrefix("# Write-ahead log") == true)
        let id = try #require(Int(wal.uri.split(separator: "/").last ?? ""))
        let document = try await client.callTool(name: "get_document", arguments: ["id": .int(id)])
        #expect(document.isError != true)
        #expect(text(document.content).contains("[fn:"))
        await client.disconnect()
        await server.stop()
    }

    @Test("get_document by a path that names no document says which path (not 'id 0')")
    func missingDocumentIsNamed() async throws {
        let directory = try TemporaryDirectory()
        let (client, server) = try await connect(try makeKnowledgeBase(directory))
        let byPath = try await client.callTool(name: "get_document", arguments: ["path": "/nowhere/missing-notes.md"])
        #expect(byPath.isError == true)
        #expect(text(byPath.content).contains("/nowhere/missing-notes.md"), "\(text(byPath.content))")
        #expect(!text(byPath.content).contains("id 0"))
        let byID = try await client.callTool(name: "get_document", arguments: ["id": 4242])
        #expect(text(byID.content).contains("4242"))
        await client.disconnect()
        await server.stop()
    }

    @Test("with --group the agent sees only that group's and public documents")
    func accessGroups() async throws {
        let directory = try TemporaryDirectory()
        let knowledgeBase = try makeKnowledgeBase(directory)
        let (outsider, outsiderServer) = try await connect(knowledgeBase, groups: ["sales"])
        let hidden = try await outsider.callTool(name: "search", arguments: ["query": "Falcon confidential"])
        #expect(!text(hidden.content).contains("falcon.md"))
        #expect(try await outsider.listResources().resources.count == 1)
        let (insider, insiderServer) = try await connect(knowledgeBase, groups: ["engineering"])
        let visible = try await insider.callTool(name: "search", arguments: ["query": "Falcon confidential"])
        #expect(text(visible.content).contains("falcon.md"))
        await outsider.disconnect()
        await insider.disconnect()
        await outsiderServer.stop()
        await insiderServer.stop()
    }

    @Test("ask answers with verified citations, only from documents the agent may see")
    func ask() async throws {
        let directory = try TemporaryDirectory()
        let knowledgeBase = try makeKnowledgeBase(directory)
        let (client, server) = try await connect(knowledgeBase, groups: ["sales"])
        let answer = try await client.callTool(name: "ask", arguments: ["question": "What does a checkpoint move back into the database?"])
        #expect(answer.isError != true)
        #expect(text(answer.content).contains("wal.md — cite: fn:"))
        let secret = try await client.callTool(name: "ask", arguments: ["question": "Is the Falcon checkpoint schedule confidential?"])
        #expect(!text(secret.content).contains("falcon.md"))
        await client.disconnect()
        await server.stop()
    }

    @Test("ask answers behind the gate the server was given (footnote mcp --gate)")
    func askUsesGate() async throws {
        let directory = try TemporaryDirectory()
        var strict = EvidenceGate.default
        strict.threshold = 1
        strict.denseThreshold = 1
        let (client, server) = try await connect(try makeKnowledgeBase(directory), gate: strict)
        // "winter" is in no document: the shipped gate answers this, a gate that asks for every term does not.
        let answer = try await client.callTool(name: "ask", arguments: ["question": "What does a checkpoint move back into the database in winter?"])
        #expect(answer.isError != true)
        #expect(text(answer.content).hasPrefix("The knowledge base does not answer this."), "\(text(answer.content))")
        await client.disconnect()
        await server.stop()
    }
}
