import Foundation
import FootnoteCore
import TextAnalysis

/// Names in a question that no passage holds: "Who won Super Bowl XLIX?" over passages about Super Bowl
/// 50, "How many seconds were left when the Patriots failed…" over a passage on the Broncos' game. The
/// passages share the question's other words, but the name the question is about is in none of them.
extension EvidenceGate {
    /// Words of `question` written with a capital, other than its first word, lowercased and without a
    /// possessive "'s": names such as "patriots", "xlix", "ipcc". Stopwords ("I", "Who") are not names.
    public static func names(in question: String) -> [String] {
        writtenNames(in: question).map(\.name)
    }

    /// How `question` writes `name` ("Postgres" for "postgres"), for messages; `name` itself if it does not.
    public static func spelling(of name: String, in question: String) -> String {
        writtenNames(in: question).first { $0.name == name }?.written ?? name
    }

    /// Each name with the word as the question writes it (without a possessive).
    private static func writtenNames(in question: String) -> [(name: String, written: String)] {
        let pieces = question.split { !($0.isLetter || $0.isNumber || $0 == "'" || $0 == "’" || $0 == "-") }
        var names: [(name: String, written: String)] = []
        for piece in pieces.dropFirst() {
            let word = piece.drop { !$0.isLetter && !$0.isNumber }
            guard let first = word.first, first.isUppercase, let name = TextUnits.words(word).first.map(TextUnits.withoutPossessive) else { continue }
            guard !TextAnalyzer.stopwords.contains(name), !names.contains(where: { $0.name == name }) else { continue }
            let written = word.hasSuffix("'s") || word.hasSuffix("’s") ? word.dropLast(2) : word
            names.append((name, String(written.reversed().drop { !$0.isLetter && !$0.isNumber }.reversed())))
        }
        return names
    }

    /// Technical identifiers of `question`, lowercased: words joined by underscores, with dots between
    /// such parts kept (`pg_stat_io`, `auto_explain.log_min_duration`, `READ_COMMITTED_SNAPSHOT`). A
    /// documentation set that never writes one does not document it: such a question is about something
    /// else, however many of its other words the passages share. The index counts each as a phrase
    /// (`KnowledgeBase.documentFrequencies`, keyed by the identifier itself).
    public static func identifiers(in question: String) -> [String] {
        var found: [String] = []
        for piece in question.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) {
            let word = piece.trimmingCharacters(in: CharacterSet(charactersIn: "._")).lowercased()
            guard word.contains("_"), word.contains(where: \.isLetter), !found.contains(word) else { continue }
            found.append(word)
        }
        return found
    }

    /// A name of up to this many letters must appear as a whole word; a longer one matches any word
    /// that starts with its first this-many letters ("Californian" → "California", "Steelers" → "Steeler's").
    static let namePrefix = 5

    /// The `names` (as `names(in:)` gives them) that none of `hits` holds in its text, title or headings.
    public static func absent(_ names: [String], from hits: some Sequence<SearchHit>) -> [String] {
        guard !names.isEmpty else { return [] }
        var words = Set<String>()
        var prefixes = Set<String>()
        for hit in hits {
            for word in TextUnits.words(([hit.title ?? ""] + hit.headingPath + [hit.text]).joined(separator: "\n")).map(TextUnits.withoutPossessive) {
                words.insert(word)
                if word.count >= namePrefix { prefixes.insert(String(word.prefix(namePrefix))) }
            }
        }
        return names.filter { name in
            name.count <= namePrefix ? !words.contains(name) : !prefixes.contains(String(name.prefix(namePrefix)))
        }
    }

    /// Whether the score takes `namePenalty` off for `features`: a missing name, and a cosine in the score
    /// (on word evidence alone the penalty lowered abstention).
    public func penalisesNames(_ features: EvidenceFeatures) -> Bool {
        namePenalty > 0 && !features.missingNames.isEmpty && usesCosine(features)
    }
}
