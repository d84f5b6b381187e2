import Foundation
import FootnoteCore

/// `footnote eval --dump-ranking FILE`: one JSON line per query with its ranked passages (document id,
/// score, and each leg's rank and score in hybrid mode) and its judgements, so a run's misses can be read
/// and fusion alternatives tried offline on exactly the candidates the index returned.
struct RankingDump {
    private let handle: FileHandle
    private let url: URL

    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot create the ranking dump '\(url.path)'"])
        }
        self.url = url
        handle = try FileHandle(forWritingTo: url)
    }

    func write(
        query: String, hits: [(chunkID: Int64, score: Double, explanation: ScoreExplanation?)],
        documentOf: [Int64: String], judgements: [String: Int]
    ) throws {
        let passages: [[String: Any]] = hits.map { hit in
            var row: [String: Any] = ["document": documentOf[hit.chunkID] ?? "", "chunk": hit.chunkID, "score": hit.score]
            if let explanation = hit.explanation {
                if let rank = explanation.lexicalRank { row["lexical_rank"] = rank }
                if let score = explanation.lexicalScore { row["lexical_score"] = score }
                if let rank = explanation.semanticRank { row["semantic_rank"] = rank }
                if let score = explanation.semanticScore { row["semantic_score"] = score }
            }
            return row
        }
        let line: [String: Any] = ["query": query, "judgements": judgements, "passages": passages]
        try handle.write(contentsOf: try JSONSerialization.data(withJSONObject: line) + Data([0x0A]))
    }

    func close() { try? handle.close() }
}
