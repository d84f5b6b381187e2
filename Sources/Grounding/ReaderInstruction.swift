import FootnoteCore
/// Sentences in a document that speak to whoever reads the answer ("Ignore previous instructions
/// and …", "You are now …", "Assistant: …"): a prompt planted in a document. Such a sentence is
/// quoted only when it is itself the best match, never added to a quote by widening, the next-sentence
/// rule or the antecedent rule, so an agent that consumes an answer is not handed an instruction
/// it did not ask about.
public enum ReaderInstruction {
    /// Verbs that open an instruction to a model or an agent when they start a sentence.
    static let steeringVerbs: Set<String> = [
        "ignore", "disregard", "forget", "override", "bypass", "pretend", "roleplay", "impersonate", "obey",
        "reveal", "disclose", "leak", "exfiltrate", "respond", "reply", "say", "tell", "repeat", "behave",
    ]
    /// Openings that address the reader as the one to act. Plain warnings ("Do not use …", "Never …")
    /// are common in manuals and are not listed.
    static let addressOpenings: [[String]] = [
        ["you", "are", "now"], ["you", "must"], ["you", "will", "now"], ["from", "now", "on"], ["act", "as"],
        ["note", "to", "ai"], ["ai", "assistant"], ["new", "instructions"], ["important", "instructions"],
    ]
    /// Chat-role labels that open a planted turn ("SYSTEM: …", "[assistant] …").
    static let roleLabels = ["system:", "assistant:", "user:", "[system]", "[assistant]", "<system>", "<|system|>"]
    /// Words that, anywhere in a sentence, mark talk about the reader's instructions.
    static let instructionTerms: Set<String> = ["instructions", "instruction", "prompt", "jailbreak"]

    /// Whether `sentence` reads as an instruction to the reader of the answer.
    public static func matches(_ sentence: String) -> Bool {
        let opening = sentence.drop { $0.isWhitespace || $0 == "\"" || $0 == "*" }.lowercased()
        if roleLabels.contains(where: { opening.hasPrefix($0) }) { return true }
        var words = TextUnits.words(sentence)
        while let first = words.first, ["please", "now", "then", "also", "and", "so", "first", "kindly"].contains(first) {
            words.removeFirst()
        }
        guard let first = words.first else { return false }
        if steeringVerbs.contains(first) { return true }
        if addressOpenings.contains(where: { words.starts(with: $0) }) { return true }
        let mentionsInstructions = words.contains { instructionTerms.contains($0) }
        let mentionsReader = words.contains { ["you", "your", "previous", "prior", "above", "earlier", "system"].contains($0) }
        return mentionsInstructions && mentionsReader
    }
}
