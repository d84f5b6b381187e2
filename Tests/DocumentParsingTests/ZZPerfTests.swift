import DocumentParsing
import Foundation
import FootnoteCore
import Testing

@Test("perf phases") func perfPhases() throws {
    var text = ""
    let paragraph = (1...12).map { "Sentence \($0) about write-ahead logging and checkpoints." }.joined(separator: " ")
    var section = 0
    while text.utf8.count < 5_000_000 {
        section += 1
        text += "## Section \(section)\n\n\(paragraph)\n\n\(paragraph)\n\n"
    }
    let clock = ContinuousClock()
    var doc: ParsedDocument?
    let t0 = try clock.measure { doc = try DocumentParser().parse(data: Data(text.utf8), fileName: "t.md") }
    let t1 = clock.measure { _ = Array(text.unicodeScalars) }
    let t2 = clock.measure { _ = HeuristicTokenCounter().tokenCount(Substring(text)) }
    var n = 0
    let t3 = clock.measure { n = Chunker().chunk(doc!).count }
    print("PERF parse \(t0) scalars \(t1) count \(t2) chunk \(t3) chunks \(n)")
}
