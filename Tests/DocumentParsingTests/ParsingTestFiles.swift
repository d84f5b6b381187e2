import Foundation
import FootnoteCore
import Testing

/// Locations of this target's fixtures and of the repository's `corpora/`, found from this
/// file's own path (so they work from the repository and from a package that links to it).
enum ParsingTestFiles {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures", isDirectory: true)
    static let corpora = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpora", isDirectory: true)

    static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }
    static func corpus(_ path: String) -> URL { corpora.appendingPathComponent(path) }

    /// Every file under `corpora/` except the README.
    static func corpusFiles() -> [URL] {
        let enumerator = FileManager.default.enumerator(at: corpora.resolvingSymlinksInPath(), includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
               url.lastPathComponent != "README.md"
            {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }
}

/// Checks that hold for every chunking of every document.
enum ChunkInvariants {
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace || s == "\u{FEFF}" }

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        (0x3000...0x9FFF).contains(s.value) || (0xF900...0xFAFF).contains(s.value)
            || (0xFF00...0xFFEF).contains(s.value) || (0xAC00...0xD7AF).contains(s.value) || s.value >= 0x20000
    }

    /// Records an issue for every broken invariant; returns the number of problems found.
    @discardableResult
    static func check(
        _ chunks: [ChunkDraft], of document: ParsedDocument, maxTokens: Int, counter: any TokenCounter,
        name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Int {
        let scalars = Array(document.text.unicodeScalars)
        var problems = 0
        func fail(_ message: String) {
            problems += 1
            if problems <= 5 { Issue.record("\(name): \(message)", sourceLocation: sourceLocation) }
        }
        var previousStart = -1
        for (index, chunk) in chunks.enumerated() {
            let span = chunk.span
            if chunk.ordinal != index { fail("ordinal \(chunk.ordinal) at position \(index)") }
            guard span.start >= 0, span.start < span.end, span.end <= scalars.count else {
                fail("bad span \(span.start)..<\(span.end)")
                continue
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[span.start..<span.end])
            if String(view) != chunk.text { fail("chunk \(index) text differs from canonical[\(span.start)..<\(span.end)]") }
            if isWhitespace(scalars[span.start]) || isWhitespace(scalars[span.end - 1]) {
                fail("chunk \(index) is not trimmed")
            }
            if span.start <= previousStart { fail("chunk \(index) does not advance") }
            previousStart = span.start
            if span.start > 0 && !boundaryIsClean(scalars[span.start - 1], scalars[span.start]) {
                fail("chunk \(index) starts inside a word: \(chunk.text.prefix(30))")
            }
            if span.end < scalars.count && !boundaryIsClean(scalars[span.end - 1], scalars[span.end]) {
                fail("chunk \(index) ends inside a word: \(chunk.text.suffix(30))")
            }
            if chunk.tokenCount != counter.tokenCount(Substring(chunk.text)) { fail("chunk \(index) token count is stale") }
            if chunk.tokenCount > maxTokens && chunk.text.unicodeScalars.contains(where: isWhitespace) {
                fail("chunk \(index) has \(chunk.tokenCount) tokens, over \(maxTokens), and is not a single word")
            }
            if document.format.hasSourceLines {
                if span.lineStart == nil || span.lineEnd == nil { fail("chunk \(index) has no lines") }
            }
            if document.format.isPaged && span.pageStart == nil { fail("chunk \(index) has no page") }
        }
        // Every non-whitespace scalar of every block is inside some chunk.
        let covered = chunks.map { ($0.span.start, $0.span.end) }
        var cursor = 0
        for block in document.blocks {
            for offset in block.start..<min(block.end, scalars.count) where !isWhitespace(scalars[offset]) {
                while cursor < covered.count && covered[cursor].1 <= offset { cursor += 1 }
                if cursor >= covered.count || covered[cursor].0 > offset {
                    fail("offset \(offset) of a \(block.kind) block is in no chunk")
                    return problems
                }
            }
        }
        return problems
    }

    /// A cut between `left` and `right` is clean at whitespace or next to a CJK character.
    static func boundaryIsClean(_ left: Unicode.Scalar, _ right: Unicode.Scalar) -> Bool {
        isWhitespace(left) || isWhitespace(right) || isCJK(left) || isCJK(right)
    }

    /// The chunk whose text contains `phrase`.
    static func chunk(containing phrase: String, in chunks: [ChunkDraft]) -> ChunkDraft? {
        chunks.first { $0.text.contains(phrase) }
    }
}
