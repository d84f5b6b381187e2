import Foundation
import Footnote

/// A grounded-QA set: a BEIR-style `corpus.jsonl` plus `qa.jsonl` rows with `question`, `answers`,
/// `gold_corpus_ids` and `answerable` (false: the supporting passage is absent from the corpus). Or
/// `qa.jsonl` over files and folders of documents (`documentPaths`), indexed as `footnote add` would:
/// then `gold_corpus_ids` name files by their path's end ("sqlite-docs/wal.html").
public struct QADataset: Sendable {
    /// One question.
    public struct Question: Sendable, Hashable {
        public var id: String
        public var question: String
        public var answers: [String]
        public var goldDocumentIDs: [String]
        /// Character offsets of `answers` in the gold passage (SQuAD's `answer_starts`), when given.
        public var answerStarts: [Int] = []
        public var answerable: Bool
        /// Why it is unanswerable, when the set says (e.g. "article-absent", "passage-absent").
        public var reason: String?
        /// The article (title) the question is about, for cross-validation folds.
        public var group: String
    }

    public var name: String
    public var documents: [BEIRCollection.Document]
    /// Files and folders to index instead of `corpus.jsonl`.
    public var documentPaths: [URL] = []
    public var questions: [Question]

    /// Loads `qa.jsonl` from `directory`, and `corpus.jsonl` unless `documentPaths` are given.
    public init(directory: URL, documentPaths: [URL] = []) throws {
        name = directory.lastPathComponent
        self.documentPaths = documentPaths
        let path = directory.path
        func objects(_ file: String) throws -> [[String: Any]] {
            guard let data = try? Data(contentsOf: directory.appendingPathComponent(file)) else {
                let hint = file == "corpus.jsonl" ? " (questions over your own files need those files: --documents PATH)" : ""
                throw FootnoteError.datasetInvalid(path: path, reason: "missing or unreadable \(file)\(hint)")
            }
            return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw FootnoteError.datasetInvalid(path: path, reason: "\(file) has a line that is not a JSON object: \(line.prefix(80))")
                }
                return object
            }
        }
        documents = documentPaths.isEmpty ? try objects("corpus.jsonl").map { object in
            guard let id = object["_id"] as? String ?? (object["_id"] as? NSNumber)?.stringValue else {
                throw FootnoteError.datasetInvalid(path: path, reason: "corpus.jsonl has a document without _id")
            }
            return BEIRCollection.Document(id: id, title: object["title"] as? String ?? "", text: object["text"] as? String ?? "")
        } : []
        questions = try objects("qa.jsonl").enumerated().map { number, object in
            guard let question = object["question"] as? String, !question.isEmpty else {
                throw FootnoteError.datasetInvalid(path: path, reason: "qa.jsonl line \(number + 1) has no question")
            }
            let answerable = object["answerable"] as? Bool ?? true
            var parsed = Question(
                id: object["_id"] as? String ?? "q\(number + 1)", question: question,
                answers: object["answers"] as? [String] ?? [], goldDocumentIDs: object["gold_corpus_ids"] as? [String] ?? [],
                answerable: answerable, reason: object["unanswerable_kind"] as? String ?? object["reason"] as? String,
                group: object["title"] as? String ?? "")
            parsed.answerStarts = (object["answer_starts"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
            return parsed
        }
        guard !documents.isEmpty || !documentPaths.isEmpty, !questions.isEmpty else {
            throw FootnoteError.datasetInvalid(path: path, reason: "no documents or no questions")
        }
    }


    /// Whether a cited document's path is one of `question`'s gold documents: the corpus id itself, or
    /// (for document files) the path's last components.
    public static func isGold(_ path: String, for question: Question) -> Bool {
        question.goldDocumentIDs.contains { path == $0 || path.hasSuffix("/" + $0) }
    }

    /// SQuAD's answer normalisation: lowercase, no punctuation, no articles, single spaces.
    public static func normalise(_ text: String) -> String {
        let lowered = text.lowercased().unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil ? Character(scalar) : " "
        }
        return String(lowered).split(separator: " ").filter { !["a", "an", "the"].contains($0) }.joined(separator: " ")
    }

    /// Whether `text` contains one of `answers` (normalised, on word boundaries).
    public static func contains(_ text: String, anyOf answers: [String]) -> Bool {
        let haystack = " " + normalise(text) + " "
        return answers.contains { answer in
            let needle = normalise(answer)
            return !needle.isEmpty && haystack.contains(" " + needle + " ")
        }
    }
}
