import Foundation
import Footnote
import FootnoteCore
import Grounding
import LanguageModels

extension VerifierCalibrator {
    /// The labelled pairs of `dataset` (answerable questions with a gold passage only).
    public static func pairs(_ dataset: QADataset) -> [VerifierPair] {
        let byID = Dictionary(dataset.documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byGroup = Dictionary(grouping: dataset.questions.filter(\.answerable), by: \.group)
        var pairs: [VerifierPair] = []
        for question in dataset.questions where question.answerable {
            guard let answer = question.answers.first, let goldID = question.goldDocumentIDs.first,
                  let gold = byID[goldID] else { continue }
            let claim = restated(question.question, answer: answer)
            pairs.append(VerifierPair(kind: "restated", question: question.question, claim: claim, passage: gold.text, supported: true, group: question.group))
            // The article's other passage sharing the most claim terms (a hard negative), when it
            // does not contain the answer.
            if let other = mostSimilarOtherPassage(to: claim, question: question, gold: gold, in: dataset) {
                pairs.append(VerifierPair(kind: "other-passage", question: question.question, claim: claim, passage: other.text, supported: false, group: question.group))
            }
            // Another question's answer from the same article, absent from this gold passage.
            let wrong = (byGroup[question.group] ?? []).filter { $0.id != question.id }.compactMap(\.answers.first)
                .first { !QADataset.contains(gold.text, anyOf: [$0]) && QADataset.normalise($0) != QADataset.normalise(answer) }
            if let wrong {
                pairs.append(VerifierPair(kind: "wrong-answer", question: question.question, claim: restated(question.question, answer: wrong),
                                          passage: gold.text, supported: false, group: question.group))
            }
            // Another question's answer against the passage that holds it (not this question's):
            // the span names the claimed answer but says nothing of what the question asks.
            let misplaced = (byGroup[question.group] ?? []).first { other in
                guard other.id != question.id, let answer = other.answers.first, let passageID = other.goldDocumentIDs.first,
                      passageID != goldID, let passage = byID[passageID] else { return false }
                return !QADataset.contains(gold.text, anyOf: [answer]) && !QADataset.contains(passage.text, anyOf: question.answers)
            }
            if let misplaced, let answer = misplaced.answers.first, let passage = misplaced.goldDocumentIDs.first.flatMap({ byID[$0] }) {
                pairs.append(VerifierPair(kind: "misplaced-answer", question: question.question, claim: restated(question.question, answer: answer),
                                          passage: passage.text, supported: false, group: question.group))
            }
        }
        return pairs
    }

    /// The passage of the same article, other than the gold one and without the answer, that shares
    /// the most content terms with `claim` (ties: the smaller id).
    static func mostSimilarOtherPassage(
        to claim: String, question: QADataset.Question, gold: BEIRCollection.Document, in dataset: QADataset
    ) -> BEIRCollection.Document? {
        let claimTerms = Set(TextUnits.contentTerms(claim))
        let others = dataset.documents.filter { document in
            document.id != gold.id && document.title == gold.title && !QADataset.contains(document.text, anyOf: question.answers)
        }
        return others.max { first, second in
            (claimTerms.intersection(TextUnits.contentTerms(first.text)).count, second.id)
                < (claimTerms.intersection(TextUnits.contentTerms(second.text)).count, first.id)
        }
    }

    /// Pairs from the model's own answers: each chosen question is answered from its gold passage alone.
    func modelPairs(_ dataset: QADataset, model: any LanguageModel) async throws -> [VerifierPair] {
        let byID = Dictionary(dataset.documents.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let answerable = dataset.questions.filter { $0.answerable && !$0.answers.isEmpty && $0.goldDocumentIDs.first.flatMap { byID[$0] } != nil }
        let stride = max(1, answerable.count / max(1, modelQuestions))
        let chosen = Swift.stride(from: 0, to: answerable.count, by: stride).prefix(modelQuestions).map { answerable[$0] }
        var pairs: [VerifierPair] = []
        for (number, question) in chosen.enumerated() {
            guard let goldID = question.goldDocumentIDs.first, let gold = byID[goldID] else { continue }
            let completion = try await model.complete(ChatRequest(messages: [
                ChatMessage(role: "system", content: "Answer the question in one complete sentence, using only the passage."),
                ChatMessage(role: "user", content: "Passage: \(gold.text)\n\nQuestion: \(question.question)"),
            ], maxTokens: 80), onToken: nil)
            progress?(number + 1, chosen.count)
            let scalars = Array(completion.text.unicodeScalars)
            guard let first = TextUnits.sentenceRanges(scalars).first else { continue }
            let sentence = String(String.UnicodeScalarView(scalars[first]))
            guard QADataset.contains(sentence, anyOf: question.answers) else { continue }
            pairs.append(VerifierPair(kind: "model", question: question.question, claim: sentence, passage: gold.text, supported: true, group: question.group))
            if let other = Self.mostSimilarOtherPassage(to: sentence, question: question, gold: gold, in: dataset) {
                pairs.append(VerifierPair(kind: "model-other-passage", question: question.question, claim: sentence, passage: other.text,
                                          supported: false, group: question.group))
            }
        }
        return pairs
    }

    /// "How many points did the Panthers defense surrender?" + "308" →
    /// "points did the Panthers defense surrender 308": the question without its wh-word, then the answer.
    static func restated(_ question: String, answer: String) -> String {
        var words = question.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        let whWords: Set<String> = ["what", "which", "who", "whom", "whose", "when", "where", "why", "how", "many", "much"]
        while let first = words.first, whWords.contains(first.lowercased().trimmingCharacters(in: .punctuationCharacters)) {
            words.removeFirst()
        }
        let body = words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: "?!. "))
        return body + " " + answer + "."
    }
}
