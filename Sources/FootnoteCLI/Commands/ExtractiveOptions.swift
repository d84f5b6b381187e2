import ArgumentParser
import FootnoteCore

/// How `ask` and `eval-qa` quote when no model answers: how far a quote widens over the sentences the
/// scores cannot separate from the best one, and whether it goes on with the sentence after it.
struct ExtractiveOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Also quote the best passage's sentences scoring within this margin of the best sentence (default \(ExtractiveAnswerer.default.spanMargin); 0: none).",
        valueName: "margin"))
    var spanMargin: Double?

    @Option(name: .long, help: ArgumentHelp(
        "Most sentences in a widened quote (default \(ExtractiveAnswerer.default.spanSentences)).", valueName: "n"))
    var spanSentences: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Most words in a widened quote; the best sentence is quoted whole however long (default \(ExtractiveAnswerer.default.spanWords); 0: no cap).",
        valueName: "n"))
    var spanWords: Int?

    @Flag(name: .customLong("no-next-sentence"), help: "Do not also quote the sentence after the quoted one (with --span-margin 0: one sentence).")
    var noNextSentence = false

    @Option(name: .long, help: ArgumentHelp(
        "Added to a sentence whose quote states a number when the question asks for an amount (default \(ExtractiveAnswerer.default.valueWeight); 0: off).",
        valueName: "weight"))
    var valueWeight: Double?

    @Option(name: .long, help: ArgumentHelp(
        "Added to a sentence whose quote writes an identifier (`--jobs`, `temp_file_limit`) the question does not, when the question asks for a setting's, an option's or a function's name (default \(ExtractiveAnswerer.default.identifierWeight); 0: off).",
        valueName: "weight"))
    var identifierWeight: Double?

    @Option(name: .long, help: ArgumentHelp(
        "Start a quote that opens right under a label (a setting's or an option's name) at the label (default \(ExtractiveAnswerer.default.labelLeadIn)).",
        valueName: "true|false"))
    var labelLeadIn: Bool?

    @Option(name: .long, help: ArgumentHelp(
        "Go on from a quote ending in a colon to the line it announces (default \(ExtractiveAnswerer.default.announcedLine)).", valueName: "true|false"))
    var announcedLine: Bool?

    @Option(name: .long, help: ArgumentHelp(
        "Read table rows as units that can answer, with the table's header and introduction (default \(ExtractiveAnswerer.default.tableRows)).",
        valueName: "true|false"))
    var tableRows: Bool?

    func validate() throws {
        if let spanMargin, !(0...1).contains(spanMargin) { throw ValidationError("--span-margin must be 0…1, got \(spanMargin)") }
        if let spanSentences, !(1...20).contains(spanSentences) { throw ValidationError("--span-sentences must be 1…20, got \(spanSentences)") }
        if let spanWords, !(0...2000).contains(spanWords) { throw ValidationError("--span-words must be 0…2000, got \(spanWords)") }
        if let valueWeight, !(0...1).contains(valueWeight) { throw ValidationError("--value-weight must be 0…1, got \(valueWeight)") }
        if let identifierWeight, !(0...1).contains(identifierWeight) {
            throw ValidationError("--identifier-weight must be 0…1, got \(identifierWeight)")
        }
    }

    /// `base` with the given quoting settings.
    func answerer(_ base: ExtractiveAnswerer = .default) -> ExtractiveAnswerer {
        var answerer = base
        if let spanMargin { answerer.spanMargin = spanMargin }
        if let spanSentences { answerer.spanSentences = spanSentences }
        if let spanWords { answerer.spanWords = spanWords }
        if noNextSentence { answerer.nextSentence = false }
        if let valueWeight { answerer.valueWeight = valueWeight }
        if let identifierWeight { answerer.identifierWeight = identifierWeight }
        if let labelLeadIn { answerer.labelLeadIn = labelLeadIn }
        if let announcedLine { answerer.announcedLine = announcedLine }
        if let tableRows { answerer.tableRows = tableRows }
        return answerer
    }
}
