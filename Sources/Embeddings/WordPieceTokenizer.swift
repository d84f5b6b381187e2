import Foundation
import FootnoteCore

/// BERT's WordPiece tokenizer, producing the same ids as Hugging Face `tokenizers` with a
/// `BertNormalizer` + `BertPreTokenizer` + `WordPiece` pipeline (https://arxiv.org/abs/1810.04805,
/// https://huggingface.co/docs/tokenizers/api/models#tokenizers.models.WordPiece):
///
/// 1. literal special tokens in the raw text ("[CLS]", "[SEP]", "[UNK]", "[PAD]", "[MASK]") are
///    matched first, case-sensitively, and map to their ids;
/// 2. the rest is cleaned (NUL, U+FFFD and control/format/unassigned/private-use characters dropped,
///    whitespace to a space), CJK ideographs are surrounded by spaces, accents are stripped (NFD,
///    then nonspacing marks removed) and the text is lowercased (when `lowercase`);
/// 3. it is split on whitespace and every punctuation character becomes a word of its own;
/// 4. each word becomes the greedy longest-match sequence of vocabulary pieces ("##" marks a
///    continuation); a word longer than 100 characters or with an unmatched rest becomes [UNK].
public struct WordPieceTokenizer: TokenCounter, Sendable {
    /// Token ids by piece.
    public let vocabulary: [String: Int]
    public let lowercase: Bool
    public let unknownID: Int
    public let classifierID: Int
    public let separatorID: Int
    /// Words longer than this many characters become [UNK].
    public var maxInputCharactersPerWord = 100

    /// Special tokens recognised verbatim in input text, by id.
    let specialTokens: [(scalars: [Unicode.Scalar], id: Int)]
    /// The longest vocabulary entry in Unicode scalars: bounds the greedy search.
    let longestPiece: Int

    /// Loads a BERT `vocab.txt` (one piece per line; the line number is the id).
    public init(vocabularyURL: URL, lowercase: Bool = true) throws {
        guard FileManager.default.fileExists(atPath: vocabularyURL.path) else {
            throw EmbeddingsError.modelNotFound(
                directory: vocabularyURL.deletingLastPathComponent().path, missingFile: vocabularyURL.lastPathComponent)
        }
        let text: String
        do {
            text = try String(contentsOf: vocabularyURL, encoding: .utf8)
        } catch {
            throw EmbeddingsError.invalidModelFile(path: vocabularyURL.path, reason: "cannot read the vocabulary (\(error.localizedDescription))")
        }
        var pieces = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        if pieces.last == "" { pieces.removeLast() }
        try self.init(pieces: pieces, lowercase: lowercase, source: vocabularyURL.path)
    }

    /// Builds a tokenizer from pieces in id order (for tests and other vocabulary sources).
    public init(pieces: [String], lowercase: Bool = true, source: String = "vocabulary") throws {
        var vocabulary: [String: Int] = [:]
        vocabulary.reserveCapacity(pieces.count)
        var longest = 1
        for (id, piece) in pieces.enumerated() where vocabulary[piece] == nil {
            vocabulary[piece] = id
            longest = max(longest, piece.unicodeScalars.count)
        }
        func id(_ token: String) throws -> Int {
            guard let id = vocabulary[token] else {
                throw EmbeddingsError.invalidModelFile(path: source, reason: "the vocabulary lacks '\(token)'")
            }
            return id
        }
        self.vocabulary = vocabulary
        self.lowercase = lowercase
        self.unknownID = try id("[UNK]")
        self.classifierID = try id("[CLS]")
        self.separatorID = try id("[SEP]")
        self.longestPiece = longest
        self.specialTokens = ["[CLS]", "[SEP]", "[UNK]", "[PAD]", "[MASK]"]
            .compactMap { token in vocabulary[token].map { (Array(token.unicodeScalars), $0) } }
            .sorted { $0.scalars.count > $1.scalars.count }
    }

    /// Token ids of `text` with [CLS] and [SEP]; with `maxLength`, the pieces are cut so the result
    /// (specials included) has at most `maxLength` ids.
    public func encode(_ text: String, maxLength: Int? = nil) -> [Int] {
        var ids = [classifierID]
        var pieces = tokenize(Substring(text))
        if let maxLength {
            let room = max(0, maxLength - 2)
            if pieces.count > room { pieces.removeSubrange(room...) }
        }
        ids.append(contentsOf: pieces)
        ids.append(separatorID)
        return ids
    }

    /// Token ids of `text` without special tokens at the ends and without truncation.
    public func tokenize(_ text: Substring) -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(text.utf8.count / 3 + 4)
        let scalars = Array(text.unicodeScalars)
        var segmentStart = 0
        var i = 0
        while i < scalars.count {
            if scalars[i] == "[", let special = matchSpecial(scalars, at: i) {
                appendPieces(of: scalars[segmentStart..<i], to: &ids)
                ids.append(special.id)
                i += special.length
                segmentStart = i
            } else {
                i += 1
            }
        }
        appendPieces(of: scalars[segmentStart..<scalars.count], to: &ids)
        return ids
    }

    /// The number of tokens without [CLS]/[SEP] (the chunker's budget unit).
    public func tokenCount(_ text: Substring) -> Int {
        tokenize(text).count
    }

    private func matchSpecial(_ scalars: [Unicode.Scalar], at start: Int) -> (id: Int, length: Int)? {
        for special in specialTokens where start + special.scalars.count <= scalars.count {
            var matches = true
            for (k, s) in special.scalars.enumerated() where scalars[start + k] != s {
                matches = false
                break
            }
            if matches { return (special.id, special.scalars.count) }
        }
        return nil
    }

    /// Normalises, pre-tokenises and WordPiece-encodes one stretch of text without special tokens.
    private func appendPieces(of segment: ArraySlice<Unicode.Scalar>, to ids: inout [Int]) {
        guard !segment.isEmpty else { return }
        let normalized = BertNormalizer.normalize(segment, lowercase: lowercase)
        var word: [Unicode.Scalar] = []
        word.reserveCapacity(32)
        for scalar in normalized {
            if BertNormalizer.isWhitespace(scalar) {
                appendWord(word, to: &ids)
                word.removeAll(keepingCapacity: true)
            } else if BertNormalizer.isPunctuation(scalar) {
                appendWord(word, to: &ids)
                word.removeAll(keepingCapacity: true)
                appendWord([scalar], to: &ids)
            } else {
                word.append(scalar)
            }
        }
        appendWord(word, to: &ids)
    }

    /// Greedy longest-match-first WordPiece of one word.
    private func appendWord(_ word: [Unicode.Scalar], to ids: inout [Int]) {
        guard !word.isEmpty else { return }
        guard word.count <= maxInputCharactersPerWord else {
            ids.append(unknownID)
            return
        }
        // The word's UTF-8 bytes and each scalar's starting byte offset (plus the end), so every
        // candidate piece is built from one contiguous byte range (small strings stay inline).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(word.count * 2)
        var offsets: [Int] = []
        offsets.reserveCapacity(word.count + 1)
        for scalar in word {
            offsets.append(bytes.count)
            bytes.append(contentsOf: UTF8.encode(scalar)!)
        }
        offsets.append(bytes.count)

        let mark = ids.count
        var scratch = [UInt8](repeating: 0x23, count: bytes.count + 2)  // "##" + the longest rest
        var start = 0
        while start < word.count {
            var end = min(word.count, start + longestPiece)
            var found: Int?
            while end > start {
                let range = offsets[start]..<offsets[end]
                let piece: String
                if start == 0 {
                    piece = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
                } else {
                    scratch.replaceSubrange(2..<(2 + range.count), with: bytes[range])
                    piece = scratch.withUnsafeBufferPointer {
                        String(decoding: UnsafeBufferPointer(rebasing: $0[0..<(2 + range.count)]), as: UTF8.self)
                    }
                }
                if let id = vocabulary[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.removeSubrange(mark...)
                ids.append(unknownID)
                return
            }
            ids.append(id)
            start = end
        }
    }
}
