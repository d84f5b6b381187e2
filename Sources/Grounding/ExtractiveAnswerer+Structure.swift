import FootnoteCore

/// How the answerer reads the structure of manuals: lists of settings and options under their names,
/// tables, and lines a sentence announces; and the kind of answer a question asks for.
extension ExtractiveAnswerer {
    /// A table row as the HTML, DOCX and Markdown readers write it ("\\v | Vertical tab (ASCII 11)"): a unit
    /// of its own that states a fact, not a label, however short and unpunctuated.
    static func isTableRow(_ text: String) -> Bool {
        text.contains(" | ")
    }

    /// `isLabel`, except that a table row is a unit of its own when `tableRows` is set.
    func isLabelLine(_ text: String) -> Bool {
        !(tableRows && Self.isTableRow(text)) && Self.isLabel(text)
    }

    /// A quote that opens right under a short label starts at the label: in a list of settings or
    /// options, "Specifies the maximum number of autovacuum processes…" does not say which setting it
    /// describes, and "Specifies that VACUUM should not wait for any conflicting locks…" answers "which
    /// option…?" only with the term above it ("SKIP_LOCKED").
    func withLabel(_ candidate: Candidate, sources: [AnswerSource]) -> Candidate {
        guard labelLeadIn, let (scalars, ranges) = passageSentences(candidate.number, in: sources),
              let index = ranges.firstIndex(where: { $0.lowerBound == candidate.range.lowerBound }), index > 0 else { return candidate }
        let label = ranges[index - 1]
        let text = String(String.UnicodeScalarView(scalars[label]))
        guard isLabelLine(text), TextUnits.words(text).count < Self.labelWords, !Self.isInstruction(label, in: scalars) else { return candidate }
        var quote = candidate
        quote.range = label.lowerBound..<candidate.range.upperBound
        quote.text = String(String.UnicodeScalarView(scalars[quote.range]))
        return quote
    }
}
