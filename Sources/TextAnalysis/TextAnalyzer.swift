import CStemmer
import Foundation

/// Footnote's one English text analyzer: the stemmer and the stopword list that the full-text index
/// (its `footnote_stem` tokenizer and the OR-ed query) and everything in Grounding that counts words
/// (the gate's coverage, sentence matching, question templates) share, so that a word a question and a
/// passage have in common is one term on both sides of every comparison.
///
/// The stemmer is Snowball English (Porter2) from libstemmer, the same library and algorithm the index's
/// tokenizer runs (and bm25s, Lucene's EnglishAnalyzer and Elasticsearch's `english`). Thread-safe:
/// libstemmer's stemmer keeps a scratch buffer, so each of a few stemmers serves one call at a time, and
/// stems are remembered.
public enum TextAnalyzer {
    /// Words longer than this many UTF-8 bytes (hashes, base64, runs of letters) are kept as they are, as
    /// the index's tokenizer keeps them (`MAX_STEMMED_BYTES` of `tokenizer.c`).
    public static let maxStemmedBytes = 64

    /// The index's term for a lowercased word: without diacritics, as the index's unicode61 tokenizer
    /// (`remove_diacritics 2`) writes it ("zürich" → "zurich"), then its Snowball English stem
    /// ("connections" → "connect", "automatically" → "automat"). Words without a letter are returned
    /// unchanged, and words longer than `maxStemmedBytes` are not stemmed.
    public static func stem(_ word: String) -> String {
        guard !word.isEmpty, word.unicodeScalars.contains(where: \.properties.isAlphabetic) else { return word }
        return stemmers[Int(UInt(bitPattern: word.hashValue) % UInt(stemmers.count))].stem(word)
    }

    /// Whether `word` (any case) is on the stopword list.
    public static func isStopword(_ word: String) -> Bool {
        stopwords.contains(word) || stopwords.contains(word.lowercased())
    }

    /// Several stemmers, each behind its own lock, a word always going to the same one (by its hash): answers
    /// computed at once on many cores do not queue on one lock for every word they count.
    private static let stemmers = (0..<8).map { _ in Stemmer() }
}

/// libstemmer's English stemmer behind a lock, with the stems it has made.
private final class Stemmer: @unchecked Sendable {
    // `stemmer` and `cache` are only touched under `lock`.
    private let lock = NSLock()
    private let stemmer: OpaquePointer?
    private var cache: [String: String] = [:]
    /// A long-running server sees new words forever: the memory of stems is dropped when it grows past this.
    private let cacheLimit = 25_000

    init() {
        stemmer = sb_stemmer_new("english", "UTF_8")
    }

    deinit {
        if let stemmer { sb_stemmer_delete(stemmer) }
    }

    func stem(_ word: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let known = cache[word] { return known }
        let folded = word.unicodeScalars.allSatisfy(\.isASCII) ? word : word.folding(options: .diacriticInsensitive, locale: nil)
        // A word longer than the index stems stays whole, as it does there; so does every word in the unlikely
        // case that libstemmer could not allocate its stemmer (rather than crash).
        guard let stemmer, folded.utf8.count <= TextAnalyzer.maxStemmedBytes else { return folded }
        var bytes = Array(folded.utf8)
        let stemmed: String = bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let result = sb_stemmer_stem(stemmer, base, Int32(buffer.count)) else { return folded }
            return String(decoding: UnsafeBufferPointer(start: result, count: Int(sb_stemmer_length(stemmer))), as: UTF8.self)
        }
        if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[word] = stemmed
        return stemmed
    }
}
