import DocumentParsing
import Foundation
import FootnoteCore
import Testing

@Suite("Chunker")
struct ChunkerTests {
    let counter = HeuristicTokenCounter()

    private func document(_ text: String, format: DocumentFormat = .markdown) throws -> ParsedDocument {
        try DocumentParser().parse(data: Data(text.utf8), fileName: format == .markdown ? "t.md" : "t.txt")
    }

    @Test("The heuristic counter estimates WordPiece counts")
    func heuristicCounter() {
        #expect(counter.tokenCount("") == 0)
        #expect(counter.tokenCount("the cat sat") == 3)
        #expect(counter.tokenCount("Hello, world!") == 4)
        #expect(counter.tokenCount("internationalization") > 1)
        #expect(counter.tokenCount("数据库引擎") == 5)
        #expect(counter.tokenCount("データ") == 3)
        // Additive over whitespace: the chunker relies on it.
        #expect(counter.tokenCount("alpha beta, gamma") == counter.tokenCount("alpha") + counter.tokenCount("beta, gamma"))
    }

    @Test("Small blocks merge up to the budget")
    func merging() throws {
        let text = (1...6).map { "Paragraph number \($0) is short." }.joined(separator: "\n\n")
        let doc = try document(text, format: .text)
        let chunks = Chunker(maxTokens: 1000, overlapTokens: 0).chunk(doc)
        #expect(chunks.count == 1)
        #expect(chunks[0].text == text)
        #expect(chunks[0].span.lineStart == 1 && chunks[0].span.lineEnd == 11)
    }

    @Test("Long paragraphs are cut at sentence ends, never inside words, within the budget")
    func sentences() throws {
        let sentence = "The write-ahead log lets readers continue while one writer appends pages."
        let text = Array(repeating: sentence, count: 40).joined(separator: " ")
        let doc = try document(text, format: .text)
        let chunker = Chunker(maxTokens: 50, overlapTokens: 0)
        let chunks = chunker.chunk(doc)
        #expect(chunks.count > 5)
        ChunkInvariants.check(chunks, of: doc, maxTokens: 50, counter: counter, name: "sentences")
        for chunk in chunks {
            #expect(chunk.text.hasPrefix("The write-ahead") && chunk.text.hasSuffix("pages."))
        }
    }

    @Test("A sentence longer than the budget is cut at whitespace")
    func words() throws {
        let text = (1...300).map { "word\($0)" }.joined(separator: " ")
        let doc = try document(text, format: .text)
        let chunks = Chunker(maxTokens: 20, overlapTokens: 0).chunk(doc)
        ChunkInvariants.check(chunks, of: doc, maxTokens: 20, counter: counter, name: "words")
        #expect(chunks.map(\.text).joined(separator: " ") == text)
    }

    @Test("A word over the token budget but within the character budget becomes its own chunk")
    func bigWord() throws {
        let word = String(repeating: "x", count: 150)
        let doc = try document("before \(word) after", format: .text)
        let chunks = Chunker(maxTokens: 10, overlapTokens: 0).chunk(doc)
        #expect(chunks.map(\.text) == ["before", word, "after"])
    }

    @Test("A word longer than the character budget is cut into chunks of at most that many characters")
    func hugeWord() throws {
        let word = String(repeating: "x", count: 2000)
        let doc = try document("before \(word) after", format: .text)
        let chunker = Chunker(maxTokens: 10, overlapTokens: 0)
        let chunks = chunker.chunk(doc)
        #expect(chunker.maxCharacters == 160)
        #expect(chunks.allSatisfy { $0.text.unicodeScalars.count <= 160 })
        #expect(chunks.map(\.text).joined(separator: " ").replacingOccurrences(of: "x x", with: "xx") == "before \(word) after")
        #expect(chunks.count == 2 + (2000 + 159) / 160)
    }

    @Test("Code blocks that fit are never split, even with a small budget")
    func codeBlocksStayWhole() throws {
        let code = "```\n" + (1...8).map { "let value\($0) = compute(\($0))" }.joined(separator: "\n") + "\n```"
        let prose = (1...5).map { "Some prose sentence number \($0) sits around the code." }.joined(separator: " ")
        let doc = try document("\(prose)\n\n\(code)\n\n\(prose)")
        let codeTokens = counter.tokenCount(Substring(code))
        let chunker = Chunker(maxTokens: codeTokens + 10, overlapTokens: 8)
        let chunks = chunker.chunk(doc)
        ChunkInvariants.check(chunks, of: doc, maxTokens: codeTokens + 10, counter: counter, name: "code")
        #expect(chunks.contains { $0.text.contains(code) })
    }

    @Test("Oversized code blocks are cut between lines")
    func bigCode() throws {
        let lines = (1...60).map { "    call_function_number_\($0)(argument, other_argument);" }
        let doc = try document("```c\n" + lines.joined(separator: "\n") + "\n```")
        let chunks = Chunker(maxTokens: 40, overlapTokens: 0).chunk(doc)
        #expect(chunks.count > 3)
        for chunk in chunks.dropFirst() { #expect(chunk.text.hasPrefix("call_function_number_")) }
    }

    @Test("Table rows stay whole")
    func tableRows() throws {
        let rows = (1...30).map { "| row \($0) | value \($0) with several words |" }
        let doc = try document("| key | value |\n|---|---|\n" + rows.joined(separator: "\n"))
        let chunks = Chunker(maxTokens: 30, overlapTokens: 0).chunk(doc)
        ChunkInvariants.check(chunks, of: doc, maxTokens: 30, counter: counter, name: "table")
        for chunk in chunks { #expect(chunk.text.hasPrefix("|") && chunk.text.hasSuffix("|")) }
    }

    @Test("Overlap repeats the tail sentences of the previous chunk")
    func overlap() throws {
        let text = (1...60).map { "Sentence \($0) ends here." }.joined(separator: " ")
        let doc = try document(text, format: .text)
        let chunks = Chunker(maxTokens: 40, overlapTokens: 12).chunk(doc)
        ChunkInvariants.check(chunks, of: doc, maxTokens: 40, counter: counter, name: "overlap")
        #expect(chunks.count > 3)
        for (previous, next) in zip(chunks, chunks.dropFirst()) {
            #expect(next.span.start < previous.span.end)
            #expect(next.text.hasPrefix("Sentence"))
            let shared = previous.span.end - next.span.start
            #expect(shared > 0)
        }
        let noOverlap = Chunker(maxTokens: 40, overlapTokens: 0).chunk(doc)
        for (previous, next) in zip(noOverlap, noOverlap.dropFirst()) { #expect(next.span.start > previous.span.end) }
    }

    @Test("A heading starts a new chunk, with its own heading path, once the chunk is non-trivially full")
    func headingBoundaries() throws {
        let para = "This paragraph has a fair number of words in it to fill the chunk."
        let text = "# Top\n\n\(para)\n\n\(para)\n\n## Sub\n\n\(para)\n\n## Other\n\nTiny."
        let doc = try document(text)
        // 100 tokens: a heading starts a new chunk once the current one holds 25.
        let chunks = Chunker(maxTokens: 100, overlapTokens: 16).chunk(doc)
        #expect(chunks.map(\.span.headingPath) == [["Top"], ["Top", "Sub"]])
        #expect(chunks[1].text.hasPrefix("## Sub"))
        #expect(chunks[1].text.hasSuffix("Tiny."))
    }

    @Test("A heading is not left dangling at the end of a chunk")
    func noDanglingHeading() throws {
        // 35 tokens of content after a 5-token heading, under a 3-token intro: all 43 do not fit in 40.
        let para = (1...5).map { "Filler sentence \($0) goes here." }.joined(separator: " ")
        let text = "Short intro.\n\n## Next Section\n\n\(para)"
        let doc = try document(text)
        let chunks = Chunker(maxTokens: 40, overlapTokens: 0).chunk(doc)
        #expect(chunks.count == 2)
        #expect(chunks[1].text.hasPrefix("## Next Section"))
        #expect(chunks[1].span.headingPath == ["Next Section"])
    }

    @Test("Chinese and Japanese text chunk between characters and keep heading paths")
    func cjk() throws {
        for file in ["cjk/sqlite-overview-zh.md", "cjk/sqlite-overview-ja.md"] {
            let doc = try DocumentParser().parse(fileAt: ParsingTestFiles.corpus(file))
            let chunker = Chunker(maxTokens: 48, overlapTokens: 8)
            let chunks = chunker.chunk(doc)
            #expect(chunks.count > 5)
            ChunkInvariants.check(chunks, of: doc, maxTokens: 48, counter: counter, name: file)
            #expect(chunks.allSatisfy { $0.tokenCount <= 48 })
            #expect(chunks.contains { $0.span.headingPath.count == 2 && $0.text.contains("WAL") })
        }
    }

    @Test("A document without blocks falls back to paragraphs")
    func noBlocks() {
        let doc = ParsedDocument(format: .text, title: nil, text: "One.\n\nTwo three.\n")
        let chunks = Chunker(maxTokens: 3, overlapTokens: 0).chunk(doc)
        #expect(chunks.map(\.text) == ["One.", "Two three."])
    }

    @Test("Five megabytes of text chunk quickly")
    func performance() throws {
        var text = ""
        let paragraph = (1...12).map { "Sentence \($0) about write-ahead logging and checkpoints." }.joined(separator: " ")
        var section = 0
        while text.utf8.count < 5_000_000 {
            section += 1
            text += "## Section \(section)\n\n\(paragraph)\n\n\(paragraph)\n\n"
        }
        let doc = try document(text)
        let clock = ContinuousClock()
        var chunks: [ChunkDraft] = []
        let elapsed = clock.measure { chunks = Chunker().chunk(doc) }
        #expect(chunks.count > 5000)
        #if DEBUG
        #expect(elapsed < .seconds(30))
        #else
        #expect(elapsed < .seconds(1))
        #endif
    }
}
