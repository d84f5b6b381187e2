import Foundation
import Footnote

/// A retrieval test collection in BEIR format: `corpus.jsonl`, `queries.jsonl`, `qrels/test.tsv`.
public struct BEIRCollection: Sendable {
    public struct Document: Sendable, Hashable {
        public var id: String
        public var title: String
        public var text: String
    }

    public var name: String
    public var documents: [Document]
    /// Query id → text, for the queries that have judgements.
    public var queries: [(id: String, text: String)]
    /// Query id → (document id → graded relevance).
    public var judgements: [String: [String: Int]]

    /// Loads the collection in `directory`.
    public init(directory: URL) throws {
        name = directory.lastPathComponent
        let path = directory.path
        func lines(_ relative: String) throws -> [Substring] {
            let url = directory.appendingPathComponent(relative)
            guard let data = try? Data(contentsOf: url) else {
                throw FootnoteError.datasetInvalid(path: path, reason: "missing or unreadable \(relative)")
            }
            return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        }
        func object(_ line: Substring, in file: String) throws -> [String: Any] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw FootnoteError.datasetInvalid(path: path, reason: "\(file) has a line that is not a JSON object: \(line.prefix(80))")
            }
            return object
        }
        func identifier(_ value: Any?) -> String? {
            if let text = value as? String { return text }
            if let number = value as? NSNumber { return number.stringValue }
            return nil
        }
        documents = try lines("corpus.jsonl").map { line in
            let object = try object(line, in: "corpus.jsonl")
            guard let id = identifier(object["_id"]) else {
                throw FootnoteError.datasetInvalid(path: path, reason: "corpus.jsonl has a document without _id")
            }
            return Document(id: id, title: object["title"] as? String ?? "", text: object["text"] as? String ?? "")
        }
        var judgements: [String: [String: Int]] = [:]
        for (number, line) in try lines("qrels/test.tsv").enumerated() {
            let fields = line.split(separator: "\t")
            guard fields.count >= 3 else { continue }
            guard let grade = Int(fields[2].trimmingCharacters(in: .whitespaces)) else {
                if number == 0 { continue }  // header
                throw FootnoteError.datasetInvalid(path: path, reason: "qrels/test.tsv line \(number + 1) has no integer score")
            }
            judgements[String(fields[0]), default: [:]][String(fields[1])] = grade
        }
        self.judgements = judgements
        var queries: [(id: String, text: String)] = []
        for line in try lines("queries.jsonl") {
            let object = try object(line, in: "queries.jsonl")
            if let id = identifier(object["_id"]), judgements[id] != nil {
                queries.append((id, object["text"] as? String ?? ""))
            }
        }
        self.queries = queries
        guard !documents.isEmpty, !queries.isEmpty else {
            throw FootnoteError.datasetInvalid(path: path, reason: "no documents or no judged queries")
        }
    }
}
