import FootnoteCore
import Foundation

/// A sentence of a model's answer with the citation numbers it wrote.
public struct CitedSentence: Sendable, Hashable, Codable {
    /// The sentence with its citation markers removed.
    public var text: String
    /// Numbers inside `1…sourceCount`, in order of appearance, without repeats.
    public var numbers: [Int]
    /// Numbers outside the sources (never shown as citations).
    public var invalidNumbers: [Int]
}

/// Parses `[n]`, `[n, m]`, `[n][m]`, `[n-m]` and `[Source n]` citation markers out of a model's answer,
/// sentence by sentence. Markers that open a sentence (the model wrote `… 2021. [2]`) belong to the
/// sentence before.
public struct CitationParser: Sendable {
    public init() {}

    private static let marker: NSRegularExpression? = try? NSRegularExpression(
        pattern: "\\[\\s*(?:sources?\\s*)?([0-9]+(?:\\s*(?:[,;]|and|[-–])\\s*(?:sources?\\s*)?[0-9]+)*)\\s*\\]",
        options: [.caseInsensitive])

    /// The numbers inside one marker body: "1, 3" → [1, 3]; "2-4" → [2, 3, 4].
    static func numbers(inMarker body: String) -> [Int] {
        var result: [Int] = []
        let parts = body.lowercased().replacingOccurrences(of: "sources", with: "").replacingOccurrences(of: "source", with: "")
            .replacingOccurrences(of: "and", with: ",").split(whereSeparator: { $0 == "," || $0 == ";" })
        for part in parts {
            let bounds = part.split(whereSeparator: { $0 == "-" || $0 == "–" }).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if bounds.count == 2, bounds[0] <= bounds[1], bounds[1] - bounds[0] < 20 {
                result += Array(bounds[0]...bounds[1])
            } else if let single = bounds.first {
                result.append(single)
            }
        }
        return result
    }

    /// Splits `answer` into sentences and their citation numbers, checked against `sourceCount`.
    public func parse(_ answer: String, sourceCount: Int) -> [CitedSentence] {
        let scalars = Array(answer.unicodeScalars)
        var sentences: [(text: String, numbers: [Int])] = []
        for range in TextUnits.sentenceRanges(scalars) {
            let raw = String(String.UnicodeScalarView(scalars[range]))
            var (text, numbers, leading) = Self.strip(raw)
            if !leading.isEmpty, !sentences.isEmpty {
                sentences[sentences.count - 1].numbers += leading
            } else {
                numbers = leading + numbers
            }
            if text.isEmpty {
                if !sentences.isEmpty { sentences[sentences.count - 1].numbers += numbers }
                continue
            }
            sentences.append((text, numbers))
        }
        return sentences.map { sentence in
            var seen = Set<Int>()
            let unique = sentence.numbers.filter { seen.insert($0).inserted }
            return CitedSentence(
                text: sentence.text, numbers: unique.filter { (1...max(sourceCount, 1)).contains($0) && sourceCount > 0 },
                invalidNumbers: unique.filter { !(1...max(sourceCount, 1)).contains($0) || sourceCount == 0 })
        }
    }

    /// The sentence without markers, the numbers of markers after text, and those before any text.
    static func strip(_ sentence: String) -> (text: String, numbers: [Int], leading: [Int]) {
        guard let marker else { return (sentence, [], []) }
        let nsRange = NSRange(sentence.startIndex..., in: sentence)
        var text = ""
        var numbers: [Int] = []
        var leading: [Int] = []
        var cursor = sentence.startIndex
        for match in marker.matches(in: sentence, range: nsRange) {
            guard let range = Range(match.range, in: sentence), let body = Range(match.range(at: 1), in: sentence) else { continue }
            text += sentence[cursor..<range.lowerBound]
            let found = Self.numbers(inMarker: String(sentence[body]))
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { leading += found } else { numbers += found }
            cursor = range.upperBound
        }
        text += sentence[cursor...]
        // Tidy the space a removed marker leaves before punctuation: "in 2021 [2]." → "in 2021."
        var tidy = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        for punctuation in [" .", " ,", " ;", " :", " !", " ?"] {
            tidy = tidy.replacingOccurrences(of: punctuation, with: String(punctuation.dropFirst()))
        }
        return (tidy.trimmingCharacters(in: .whitespacesAndNewlines), numbers, leading)
    }
}
