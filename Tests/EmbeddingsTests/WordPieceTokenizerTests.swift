import Foundation
import FootnoteCore
import Testing
import TestSupport
@testable import Embeddings

/// Tokenizer behaviour on a tiny hand-made vocabulary: runs without the model.
@Suite("WordPieceTokenizer on a small vocabulary")
struct WordPieceTokenizerTests {
    static let pieces = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
                         "un", "##aff", "##able", "cafe", "!", ",", "hello", "world", "北", "京", "a", "##a", "x", "[", "]", "cl", "##s"]
    let tokenizer: WordPieceTokenizer

    init() throws {
        tokenizer = try WordPieceTokenizer(pieces: Self.pieces, lowercase: true)
    }

    func id(_ piece: String) -> Int { Self.pieces.firstIndex(of: piece)! }

    @Test("greedy longest match splits a word into ## continuations")
    func greedyLongestMatch() {
        #expect(tokenizer.encode("unaffable", maxLength: nil) == [2, id("un"), id("##aff"), id("##able"), 3])
    }

    @Test("a word with an unmatched rest becomes one [UNK]")
    func unmatchedWord() {
        #expect(tokenizer.tokenize("unaffz") == [id("[UNK]")])
        #expect(tokenizer.tokenize("hello unaffz world") == [id("hello"), id("[UNK]"), id("world")])
    }

    @Test("words over 100 characters become [UNK]")
    func longWords() {
        #expect(tokenizer.tokenize(Substring(String(repeating: "a", count: 100))) == [id("a")] + Array(repeating: id("##a"), count: 99))
        #expect(tokenizer.tokenize(Substring(String(repeating: "a", count: 101))) == [id("[UNK]")])
    }

    @Test("accents are stripped and text lowercased")
    func accentsAndCase() {
        #expect(tokenizer.tokenize("CAFÉ Café cafe\u{301}") == [id("cafe"), id("cafe"), id("cafe")])
    }

    @Test("punctuation is split off and CJK ideographs stand alone")
    func punctuationAndCJK() {
        #expect(tokenizer.tokenize("hello,world!") == [id("hello"), id(","), id("world"), id("!")])
        #expect(tokenizer.tokenize("hello北京") == [id("hello"), id("北"), id("京")])
    }

    @Test("controls and format characters vanish, other whitespace separates")
    func cleaning() {
        #expect(tokenizer.tokenize("hel\u{200B}lo\u{00A0}wor\u{0007}ld") == [id("hello"), id("world")])
        #expect(tokenizer.tokenize(" \t\n ").isEmpty)
    }

    @Test("literal special tokens match case-sensitively as their ids")
    func specialLiterals() {
        #expect(tokenizer.tokenize("x[CLS]x [SEP][MASK]") == [id("x"), id("[CLS]"), id("x"), id("[SEP]"), id("[MASK]")])
        #expect(tokenizer.tokenize("[cls]") == [id("["), id("cl"), id("##s"), id("]")])
    }

    @Test("maxLength truncates the pieces and keeps [CLS] and [SEP]")
    func truncation() {
        let ids = tokenizer.encode("a a a a a a", maxLength: 4)
        #expect(ids == [id("[CLS]"), id("a"), id("a"), id("[SEP]")])
        #expect(tokenizer.encode("", maxLength: 4) == [id("[CLS]"), id("[SEP]")])
    }

    @Test("tokenCount counts without special tokens")
    func tokenCount() {
        let counter: any TokenCounter = tokenizer
        #expect(counter.tokenCount("unaffable hello") == 4)
        #expect(counter.tokenCount("") == 0)
    }

    @Test("a vocabulary without [UNK] is rejected")
    func missingSpecials() {
        #expect(throws: EmbeddingsError.self) { try WordPieceTokenizer(pieces: ["a", "b"]) }
    }
}

/// The real all-MiniLM-L6-v2 vocabulary against the reference token ids of the parity fixture.
@Suite("WordPieceTokenizer parity with Hugging Face tokenizers",
       .enabled(if: ModelLocation.shouldRunModelTests, Comment(rawValue: ModelLocation.skipReason)))
struct WordPieceTokenizerParityTests {
    static let tokenizer: Result<WordPieceTokenizer, any Error> = Result {
        try WordPieceTokenizer(vocabularyURL: ModelLocation.miniLM.appendingPathComponent("vocab.txt"), lowercase: true)
    }

    @Test("ids equal the reference, with truncation at 256", .enabled(if: ParityCase.shouldRun, ParityCase.skipReason),
          arguments: ParityCase.all)
    func matchesFixture(_ reference: ParityCase) throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.encode(reference.text, maxLength: 256) == reference.token_ids)
        #expect(tokenizer.tokenCount(Substring(reference.text)) + 2 == reference.n_tokens_untruncated)
    }

    @Test("tricky inputs tokenise as the reference does", .enabled(if: ParityCase.shouldRun, ParityCase.skipReason), arguments: [
        "latin_accents", "latin_accents_upper", "combining_marks_nfd", "japanese", "chinese", "korean",
        "emoji", "punctuation_only", "long_words", "control_whitespace", "zero_width_nbsp_shy",
        "literal_special_tokens", "long_repeated_over_256", "long_paragraph_over_256",
    ])
    func trickyCase(_ name: String) throws {
        let reference = try #require(ParityCase.all.first { $0.id == name }, "fixture case '\(name)' is missing")
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.encode(reference.text, maxLength: 256) == reference.token_ids)
    }

    @Test("known differences between Unicode versions follow the reference")
    func unicodeVersionQuirks() throws {
        let tokenizer = try Self.tokenizer.get()
        // Measured with tokenizers 0.23: characters newer than Unicode 8.0 are neither marks nor
        // punctuation there (so "a\u{8D4}b" is one unknown word), and U+166D is punctuation.
        #expect(tokenizer.tokenize("a\u{8D4}b") == [tokenizer.unknownID])
        #expect(tokenizer.tokenize("a\u{166D}b").count == 3)
        #expect(tokenizer.tokenize("a\u{378}b") == [tokenizer.unknownID])  // unassigned: kept, not dropped
        #expect(tokenizer.tokenize("İstanbul") == [9960])
    }
}
