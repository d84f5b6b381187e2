import Foundation
import Footnote
import FootnoteCore

/// Text rendering of a grounded answer: label, sentences with citations, then each cited span.
struct AnswerPrinter {
    let answer: GroundedAnswer
    let explain: Bool

    var label: String {
        switch answer.kind {
        case .extractive:
            // `--reader`: a model chose the sentence, the words are still the document's.
            if let model = answer.model { return "Answer (extractive: \(model) chose the sentence, quoted from your documents)" }
            return "Answer (extractive: sentences quoted from your documents, no language model)"
        case .generated: return "Answer (written by \(answer.model ?? "the model"), citations verified against the sources)"
        case .calculator: return answer.routing.calculation == nil ? "Calculator" : "Answer (calculator, exact)"
        case .smallTalk: return "Reply"
        case .citationLookup: return "Cited text"
        case .abstained: return "No answer"
        }
    }

    func print() {
        if explain { explainRouting() }
        Swift.print(Terminal.bold(label))
        var quoting = false
        for sentence in answer.sentences {
            if sentence.verdict == .quoted, !quoting {
                quoting = true
                Swift.print(Terminal.dim("  The sources say (quoted, since no sentence above is backed by them):"))
            }
            let numbers = Array(Set(sentence.citations.filter(\.supports).map(\.number))).sorted().filter { $0 > 0 }
            // A quoted sentence may span wrapped lines of its source; show it on one line.
            let text = sentence.text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            var line = "  " + text + numbers.map { " [\($0)]" }.joined()
            if sentence.citations.contains(where: { $0.supports && $0.attributed }) {
                line += " " + Terminal.dim("(the model cited nothing; the verifier found this source)")
            }
            if sentence.verdict == .unsupported || sentence.verdict == .uncited {
                line += " " + Terminal.yellow("(unsupported: no cited source backs this sentence)")
            }
            Swift.print(line)
        }
        for sentence in answer.droppedSentences {
            Swift.print(Terminal.dim("  dropped (--strict, unsupported): \(sentence.text)"))
        }
        for warning in answer.warnings { Swift.print(Terminal.yellow("  note: \(warning)")) }
        printSources()
        if explain { explainVerification() }
    }

    private func printSources() {
        if answer.kind == .citationLookup {
            for citation in answer.sentences.flatMap(\.citations) { Swift.print(Terminal.dim("  cite: \(citation.citation)")) }
            return
        }
        let cited = answer.sentences.flatMap { $0.citations.filter(\.supports) }
        if answer.kind == .abstained, !answer.sources.isEmpty {
            Swift.print("\n" + Terminal.bold("Nearest passages"))
            for source in answer.sources { printSource(source, quote: nil, citation: source.hit.citation) }
            return
        }
        guard !cited.isEmpty else { return }
        Swift.print("\n" + Terminal.bold("Sources"))
        var seen = Set<String>()
        for citation in cited where seen.insert(citation.citation).inserted {
            guard let source = answer.sources.first(where: { $0.number == citation.number }) else { continue }
            printSource(source, quote: citation.quote, citation: citation.citation)
        }
    }

    private func printSource(_ source: AnswerSource, quote: String?, citation: String) {
        let hit = source.hit
        let place = HitFormatter.location(path: hit.path, page: hit.page, pageEnd: hit.pageEnd, headingPath: hit.headingPath,
                                          lineStart: hit.lineStart, lineEnd: hit.lineEnd)
        Swift.print("  [\(source.number)] " + Terminal.cyan(place))
        let text = (quote ?? String(hit.text.prefix(200))).replacingOccurrences(of: "\n", with: " ")
        Swift.print("      “\(text)”")
        Swift.print(Terminal.dim("      cite: \(citation)"))
    }

    private func explainRouting() {
        let routing = answer.routing
        Swift.print(Terminal.dim("route: \(routing.route.rawValue) (\(routing.difficulty.rawValue)): \(routing.reason)"))
        if let gate = answer.gate {
            let f = gate.features
            Swift.print(Terminal.dim(String(format: "gate: score %.3f %@ threshold %.3f → %@", gate.score, gate.abstain ? "<" : "≥",
                                            gate.threshold, gate.abstain ? "abstain" : "answer")))
            if let origin = gate.origin { Swift.print(Terminal.dim("      gate in force: \(origin)")) }
            let cosines = [f.topSemanticScore.map { String(format: ", top cosine %.3f", $0) }, f.sentenceSimilarity.map { String(format: ", sentence cosine %.3f", $0) },
                           f.retrievalMargin.map { String(format: ", retrieval margin %.3f", $0) }]
            Swift.print(Terminal.dim(String(format: "      %@; passage coverage %.3f, sentence coverage %.3f%@%@", gate.formula,
                                            f.passageCoverage, f.sentenceCoverage, cosines.compactMap { $0 }.joined(),
                                            f.missingTerm.map { ", missing '\($0)'" } ?? "")))
            let terms = f.terms.sorted { $0.value > $1.value }.map { String(format: "%@ (idf %.2f)", $0.key, $0.value) }
            Swift.print(Terminal.dim("      query terms: " + terms.joined(separator: ", ")))
        }
        for source in answer.sources {
            let lines = source.hit.explanation.map(HitFormatter.explanationLines) ?? []
            Swift.print(Terminal.dim("source [\(source.number)] \(Terminal.display(source.hit.path)): " + lines.prefix(2).joined(separator: "; ")))
        }
        for copy in answer.skippedCopies {
            let place = copy.page.map { " · page \($0)" } ?? ""
            Swift.print(Terminal.dim("copy skipped: \(Terminal.display(copy.path))\(place) repeats source [\(copy.repeats)]"))
        }
        let t = answer.timings
        Swift.print(Terminal.dim(String(format: "timings: route %.1f ms, retrieve %.1f ms, gate %.1f ms, generate %.1f ms, verify %.1f ms",
                                        t.route, t.retrieve, t.gate, t.generate, t.verify)))
        Swift.print("")
    }

    /// How an extractive quote was chosen: its best sentence's score, the runner-up, and what widened it.
    private func explain(_ selection: QuoteSelection) {
        func short(_ text: String) -> String {
            let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return line.count > 90 ? String(line.prefix(89)) + "…" : line
        }
        let cosine = selection.cosine.map { String(format: ", cosine %.3f", $0) } ?? ""
        Swift.print(Terminal.dim(String(format: "    best sentence: score %.3f (question terms %.3f%@): “%@”", selection.score, selection.coverage,
                                        cosine, short(selection.sentence))))
        if let runnerUp = selection.runnerUp, let score = selection.runnerUpScore {
            Swift.print(Terminal.dim(String(format: "    runner-up: score %.3f: “%@”", score, short(runnerUp))))
        }
        var added: [String] = []
        if selection.widenedBy > 0 { added.append("\(selection.widenedBy) sentence\(selection.widenedBy == 1 ? "" : "s") of the passage scoring within the margin") }
        if selection.nextSentence { added.append("the sentence after it") }
        if selection.antecedent { added.append("the sentence before it (it opens with a pronoun)") }
        Swift.print(Terminal.dim("    quote: " + (added.isEmpty ? "the best sentence alone" : "the best sentence with " + added.joined(separator: ", "))))
    }

    private func explainVerification() {
        guard answer.kind == .generated || answer.kind == .extractive else { return }
        Swift.print("\n" + Terminal.bold("Verification"))
        if let draft = answer.draft { Swift.print(Terminal.dim("  model draft: \(draft.replacingOccurrences(of: "\n", with: " "))")) }
        for sentence in answer.sentences + answer.droppedSentences {
            Swift.print(Terminal.dim("  \(sentence.verdict.rawValue): \(sentence.text)"))
            if let selection = sentence.selection { explain(selection) }
            for citation in sentence.citations {
                var similarity = citation.similarity.map { String(format: ", cosine %.2f", $0) } ?? ""
                if let novel = citation.novelCoverage, let context = citation.contextCoverage {
                    similarity += String(format: ", answer terms %.2f, question terms %.2f", novel, context)
                }
                Swift.print(Terminal.dim(String(format: "    [%d] overlap %.2f%@ → %@ %@", citation.number, citation.overlap, similarity,
                                                citation.supports ? "supports" : "does not support", citation.citation)))
            }
            if !sentence.invalidNumbers.isEmpty {
                Swift.print(Terminal.dim("    cited non-existent source(s) \(sentence.invalidNumbers.map(String.init).joined(separator: ", ")): removed"))
            }
        }
    }
}
