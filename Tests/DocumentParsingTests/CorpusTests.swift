import DocumentParsing
import Foundation
import FootnoteCore
import Testing

@Suite("The whole corpus")
struct CorpusTests {
    @Test("Every corpus file parses, and every chunk is an exact, clean span within budget",
          arguments: [(256, 32), (64, 16), (128, 0)])
    func everyFile(maxTokens: Int, overlap: Int) throws {
        let files = ParsingTestFiles.corpusFiles()
        #expect(files.count >= 50)
        let parser = DocumentParser()
        let chunker = Chunker(maxTokens: maxTokens, overlapTokens: overlap)
        for file in files {
            let document = try parser.parse(fileAt: file)
            #expect(!(document.title ?? "").isEmpty, "\(file.lastPathComponent) has no title")
            let chunks = chunker.chunk(document)
            #expect(!chunks.isEmpty, "\(file.lastPathComponent) has no chunks")
            ChunkInvariants.check(chunks, of: document, maxTokens: maxTokens, counter: chunker.counter,
                                  name: file.lastPathComponent)
        }
    }

    @Test("Every fixture parses except the deliberately corrupt one")
    func fixtures() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: ParsingTestFiles.fixtures.path).sorted()
        for name in names where name != "corrupt.pdf" {
            let document = try DocumentParser().parse(fileAt: ParsingTestFiles.fixture(name))
            let chunker = Chunker(maxTokens: 32, overlapTokens: 8)
            ChunkInvariants.check(chunker.chunk(document), of: document, maxTokens: 32, counter: chunker.counter,
                                  name: name)
        }
    }
}
