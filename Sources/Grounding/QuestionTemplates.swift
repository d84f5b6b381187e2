import FootnoteCore
import TextAnalysis
import Foundation

/// A question made up from a passage, to calibrate the evidence gate on an index nobody labelled.
public struct SyntheticQuestion: Sendable, Hashable, Codable {
    public var question: String
    /// Which template (or `model`) wrote it.
    public var template: String
    /// The sentence of the passage it was made from (the whole passage for `heading` and `model`).
    public var source: String

    public init(question: String, template: String, source: String) {
        self.question = question
        self.template = template
        self.source = source
    }
}

/// Questions made from a passage by templates, with no language model: a definition ("X is Y" → "What is
/// X?"), a default ("X defaults to Y", "The default is Y" under heading X → "What is the default of X?"),
/// what a setting does ("X specifies Y" → "What does X specify?"), a value asked for (a sentence with a
/// number or an identifier, that token replaced by "what") and the section ("What does the documentation
/// say about H?"). Each asks in fewer words than the sentence holds, as a reader who has not seen the
/// text would: the answer's own words are left out.
public enum QuestionTemplates {
    /// Verbs that say what a thing does, in the third person, with their base form.
    static let purposeVerbs: [String: String] = [
        "specifies": "specify", "sets": "set", "controls": "control", "determines": "determine", "enables": "enable",
        "disables": "disable", "causes": "cause", "allows": "allow", "limits": "limit", "defines": "define",
        "returns": "return", "creates": "create", "removes": "remove", "reports": "report", "selects": "select",
        "provides": "provide", "requires": "require", "stores": "store", "contains": "contain", "shows": "show",
    ]

    /// Words that cannot start the subject of a definition: "It is…", "This is…".
    static let weakSubjects: Set<String> = ["it", "this", "that", "these", "those", "there", "here", "they", "he", "she", "which", "what",
                                            "each", "one", "all", "some", "such", "also", "however", "note", "if", "when", "for",
                                            "first", "second", "next", "last", "following", "above", "below", "example"]

    /// Words that open a dependent clause or a phrase, not a statement: a value question does not start there.
    static let subordinators: Set<String> = ["see", "i.e", "e.g", "as", "when", "if", "while", "since", "because", "although", "though", "unless", "until",
                                             "once", "after", "before", "where", "whereas", "whether", "on", "in", "at", "by", "for",
                                             "with", "to", "from", "so", "and", "or", "but", "that", "which", "than", "then"]

    /// A noun phrase of one to four words that can be asked about: no pronoun or function word but an
    /// inner "of" ("maximum number of connections"), no adverb ("Generally"), not a clause ("Once the
    /// server"), with a content word.
    static func subject(_ words: ArraySlice<String>) -> String? {
        var phrase = Array(words)
        if ["the", "a", "an"].contains(phrase.first?.lowercased() ?? "") { phrase.removeFirst() }
        guard (1...4).contains(phrase.count), let head = phrase.first?.lowercased(), !weakSubjects.contains(head),
              !head.hasSuffix("ly"), let last = phrase.last?.lowercased(), last != "of" else { return nil }
        for word in phrase.map({ $0.lowercased() }) where TextAnalyzer.stopwords.contains(word) && word != "of" {
            return nil
        }
        guard !phrase.contains(where: { purposeVerbs[$0] != nil || $0.lowercased() == "default" }),
              !TextUnits.contentTerms(phrase.joined(separator: " ")).isEmpty else { return nil }
        return phrase.joined(separator: " ")
    }

    /// The questions that can be made from `passage` (whose section is `headingPath`, in a document
    /// titled `title`), best first: definition, default and purpose questions, then value questions,
    /// then the section question.
    public static func questions(passage: String, title: String?, headingPath: [String]) -> [SyntheticQuestion] {
        let scalars = Array(passage.unicodeScalars)
        let sentences = TextUnits.sentenceRanges(scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
        let topic = (headingPath.last ?? title).map(cleanHeading) ?? ""
        var patterned: [SyntheticQuestion] = []
        var values: [SyntheticQuestion] = []
        for sentence in sentences where TextUnits.contentTerms(sentence).count >= 3 && !sentence.hasSuffix("?") {
            if let question = definition(sentence) ?? defaultValue(sentence, topic: topic) ?? purpose(sentence) {
                patterned.append(question)
            } else if let question = value(sentence) {
                values.append(question)
            }
        }
        var result = patterned + values
        if TextUnits.contentTerms(topic).count >= 1, !genericHeadings.contains(topic.lowercased()), TextUnits.words(passage).count >= 20 {
            result.append(SyntheticQuestion(question: "What about \(topic)?", template: "heading", source: passage))
        }
        return result
    }

    /// Headings that name no topic.
    static let genericHeadings: Set<String> = ["note", "notes", "tip", "tips", "warning", "caution", "important", "example", "examples",
                                               "description", "synopsis", "parameters", "options", "overview", "introduction",
                                               "see also", "compatibility", "outputs", "summary", "contents"]

    /// A heading without its section number or trailing punctuation ("25.3.1. Setting Up WAL Archiving" →
    /// "Setting Up WAL Archiving"); an identifier stays as it is written ("autovacuum_max_workers").
    static func cleanHeading(_ heading: String) -> String {
        var words = heading.split(separator: " ").map(String.init)
        while let first = words.first, first.allSatisfy({ $0.isNumber || $0 == "." }) { words.removeFirst() }
        return words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " .:#"))
    }

    /// The words of `sentence` as written (punctuation at their ends removed).
    static func tokens(_ sentence: String) -> [String] {
        sentence.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?()\"'“”‘’"))
        }.filter { !$0.isEmpty }
    }

    /// "[The] X is/are Y" with a subject of one to five words and at least three words after the verb.
    static func definition(_ sentence: String) -> SyntheticQuestion? {
        let words = tokens(sentence)
        guard let verb = words.prefix(6).firstIndex(where: { $0 == "is" || $0 == "are" }), verb >= 1, words.count - verb - 1 >= 3,
              let subject = subject(words[..<verb]) else { return nil }
        return SyntheticQuestion(question: "What \(words[verb]) \(subject)?", template: "definition", source: sentence)
    }

    /// "X defaults to Y", "The default is Y", "Default: Y" — asked as "What is the default of X?", X the
    /// subject or, when the sentence has none, the section's topic.
    static func defaultValue(_ sentence: String, topic: String) -> SyntheticQuestion? {
        let words = tokens(sentence)
        let lower = words.map { $0.lowercased() }
        if let at = lower.prefix(8).firstIndex(of: "defaults"), at >= 1, at + 1 < lower.count, lower[at + 1] == "to" {
            guard let subject = subject(words[..<at]) else { return nil }
            return SyntheticQuestion(question: "What does \(subject) default to?", template: "default", source: sentence)
        }
        guard lower.contains("default"), !topic.isEmpty,
              sentence.lowercased().contains("the default is") || sentence.lowercased().hasPrefix("default:")
                || sentence.lowercased().contains("default value is") else { return nil }
        return SyntheticQuestion(question: "What is the default for \(topic)?", template: "default", source: sentence)
    }

    /// "X specifies Y" (see `purposeVerbs`) → "What does X specify?", with a subject of one to five words.
    static func purpose(_ sentence: String) -> SyntheticQuestion? {
        let words = tokens(sentence)
        guard let at = words.prefix(6).firstIndex(where: { purposeVerbs[$0] != nil }), at >= 1, words.count - at - 1 >= 3,
              let base = purposeVerbs[words[at]], let subject = subject(words[..<at]) else { return nil }
        return SyntheticQuestion(question: "What does \(subject) \(base)?", template: "purpose", source: sentence)
    }

    /// A sentence of six to forty words holding a number or an identifier (a word with a digit, an
    /// underscore or in capitals): the first such token becomes "what", and the question is its clause up
    /// to it, from the last comma, semicolon, colon or bracket before it ("The default value is 64
    /// megabytes" → "The default value is what?"), three to twelve words with two content words.
    static func value(_ sentence: String) -> SyntheticQuestion? {
        let raw = sentence.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        let words = raw.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?()\"'“”‘’")) }
        guard (6...40).contains(words.count) else { return nil }
        func isValue(_ word: String) -> Bool {
            word.contains(where: \.isNumber) || word.contains("_")
                || (word.count >= 3 && word.allSatisfy { $0.isUppercase || $0 == "_" })
        }
        guard let at = words.indices.dropFirst(3).first(where: { isValue(words[$0]) }) else { return nil }
        let start = (raw[..<at].lastIndex { $0.hasSuffix(",") || $0.hasSuffix(";") || $0.hasSuffix(":") || $0.hasPrefix("(") }).map { raw[$0].hasPrefix("(") ? $0 : $0 + 1 } ?? 0
        let lead = words[start..<at].filter { !$0.isEmpty }
        guard (4...12).contains(lead.count), TextUnits.contentTerms(lead.joined(separator: " ")).count >= 2,
              lead.first?.first?.isUppercase == true || start > 0,
              let first = lead.first, !subordinators.contains(first.lowercased()) else { return nil }
        let question = lead.joined(separator: " ")
        return SyntheticQuestion(question: question.prefix(1).uppercased() + question.dropFirst() + " what?", template: "value", source: sentence)
    }
}
