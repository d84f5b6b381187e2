import Foundation
import Testing
import TestSupport

/// One case of `../shared/fixtures/minilm_parity.jsonl`: reference token ids and embedding
/// from sentence-transformers for all-MiniLM-L6-v2.
struct ParityCase: Decodable, Sendable, CustomTestStringConvertible {
    var id: String
    var text: String
    var token_ids: [Int]
    var n_tokens_untruncated: Int
    var truncated: Bool
    var embedding: [Double]

    var testDescription: String { id }

    static let fixtureURL: URL? = RepositoryPaths.shared?.appendingPathComponent("fixtures/minilm_parity.jsonl")

    /// Whether fixture tests run: the fixture is present, or CI demands it (there a missing
    /// ../shared fails the tests instead of skipping them).
    static var shouldRun: Bool { !all.isEmpty || ModelLocation.isCI }

    /// The reason shown when fixture tests are skipped.
    static var skipReason: Comment {
        Comment(rawValue: "\(fixtureURL?.path ?? "../shared/fixtures/minilm_parity.jsonl") is not present (no ../shared next to "
            + "this clone); skipped outside CI")
    }

    /// All cases, or none when the fixture is missing (tests then report it).
    static let all: [ParityCase] = {
        guard let url = fixtureURL, let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let decoder = JSONDecoder()
        return text.split(separator: "\n").compactMap { try? decoder.decode(ParityCase.self, from: Data($0.utf8)) }
    }()
}

/// Cosine similarity in Double.
func cosine(_ a: [Float], _ b: [Double]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * y
        na += Double(x) * Double(x)
        nb += y * y
    }
    return dot / (na.squareRoot() * nb.squareRoot())
}
