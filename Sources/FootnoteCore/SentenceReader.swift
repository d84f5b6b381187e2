import Foundation

// The sentence reader's settings and vocabulary (the CLI and the evaluation set them); its prompt and the
// reading of the reply are Grounding's (`extension SentenceReader` there).
/// A sentence of a source that a reader may name as the answer: its source's number and its range
/// (unicode scalars) in that source's text.
public struct SentenceChoice: Sendable, Hashable {
    public var number: Int
    public var range: Range<Int>
    public var text: String

    public init(number: Int, range: Range<Int>, text: String) {
        self.number = number
        self.range = range
        self.text = text
    }
}

/// A language model as the reader of the extractive answer: it sees the question and the best candidate
/// sentences of the sources, numbered, and names the one that answers as JSON (`{"sentence": n}`, 0 for
/// none), held to that shape by a JSON schema the server enforces. The named sentence is then quoted
/// exactly as an extractive answer is, so the model chooses but never writes: every word shown is the
/// document's, and its citation is true by construction. The sentences are documents' text, marked as
/// data: an instruction inside one is not the reader's to follow.
public struct SentenceReader: Sendable {
    /// How many candidate sentences the model chooses among.
    public var candidateCount: Int
    /// Longest sentence shown, in words (a table or a code block can make one "sentence" very long).
    public var maxWords = 80

    public init(candidateCount: Int = 8) {
        self.candidateCount = candidateCount
    }
}
