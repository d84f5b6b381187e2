import MCP

/// The tools Footnote offers to agents, with JSON schemas for their inputs.
enum MCPToolCatalog {
    static let search = Tool(
        name: "search",
        title: "Search the knowledge base",
        description: """
            Find passages in the indexed documents. Each hit carries its file path, page, heading path, lines, \
            the exact character span and a citation id (fn:<version>:<start>-<end>) that the cite tool resolves.
            """,
        inputSchema: .object([
            "type": "object",
            "properties": .object([
                "query": .object(["type": "string", "description": "Words, \"quoted phrases\", -excluded words, prefix*"]),
                "limit": .object(["type": "integer", "minimum": 1, "maximum": 50, "default": 8]),
                "mode": .object(["type": "string", "enum": ["lexical", "semantic", "hybrid"],
                                 "description": "Ranking; default hybrid when the index has vectors, else lexical"]),
                "paths": .object(["type": "array", "items": .object(["type": "string"]),
                                  "description": "Only documents whose path matches one of these globs"]),
                "formats": .object(["type": "array", "items": .object(["type": "string"]),
                                    "description": "Only these formats (markdown, text, html, xml, docx, pdf, odt, epub)"]),
            ]),
            "required": ["query"],
            "additionalProperties": false,
        ]),
        annotations: .init(readOnlyHint: true, openWorldHint: false))

    static let cite = Tool(
        name: "cite",
        title: "Resolve a citation",
        description: """
            The exact text of a citation id with context, its coordinates (path, page, heading path, lines) and \
            whether the file on disk still holds the cited version (drift: current, changed, missing).
            """,
        inputSchema: .object([
            "type": "object",
            "properties": .object([
                "citation": .object(["type": "string", "pattern": "^fn:[0-9a-fA-F]{6,64}:[0-9]+-[0-9]+$"]),
                "context": .object(["type": "integer", "minimum": 0, "maximum": 5000, "default": 200,
                                    "description": "Characters of context on each side"]),
            ]),
            "required": ["citation"],
            "additionalProperties": false,
        ]),
        annotations: .init(readOnlyHint: true, openWorldHint: false))

    static let getDocument = Tool(
        name: "get_document",
        title: "Get a document",
        description: "A document's metadata and its passages (chunks) with spans and citation ids, by id or path.",
        inputSchema: .object([
            "type": "object",
            "properties": .object([
                "id": .object(["type": "integer", "minimum": 1]),
                "path": .object(["type": "string", "description": "The absolute path as shown in search hits"]),
                "maxChunks": .object(["type": "integer", "minimum": 1, "maximum": 1000, "default": 200]),
            ]),
            "additionalProperties": false,
        ]),
        annotations: .init(readOnlyHint: true, openWorldHint: false))

    static let ask = Tool(
        name: "ask",
        title: "Ask the knowledge base",
        description: """
            A grounded answer: every sentence carries verified citations (citation id and the exact quoted span); the answer abstains when the documents do not answer the question. Uses the configured language model, else an extractive answer from the best passages.
            """,
        inputSchema: .object([
            "type": "object",
            "properties": .object([
                "question": .object(["type": "string"]),
                "limit": .object(["type": "integer", "minimum": 1, "maximum": 20, "default": 5, "description": "Sources offered"]),
                "strict": .object(["type": "boolean", "default": false, "description": "Drop sentences no cited span supports"]),
            ]),
            "required": ["question"],
            "additionalProperties": false,
        ]),
        annotations: .init(readOnlyHint: true, openWorldHint: false))

    /// Every tool, in the order `tools/list` shows them.
    static let all = [search, ask, cite, getDocument]
}
