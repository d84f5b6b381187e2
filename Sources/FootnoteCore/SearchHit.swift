/// How a hit's score came about, for `--explain`.
public struct ScoreExplanation: Sendable, Hashable, Codable {
    /// 1-based rank in the BM25 list and the BM25 score (higher is better), if the hit was there.
    public var lexicalRank: Int?
    public var lexicalScore: Double?
    /// 1-based rank in the vector list and the cosine similarity, if the hit was there.
    public var semanticRank: Int?
    public var semanticScore: Double?
    /// The score the final ranking used.
    public var fusedScore: Double
    /// One line per ingredient, e.g. "bm25 weights title=4 heading=2 body=1".
    public var notes: [String]

    public init(
        lexicalRank: Int? = nil, lexicalScore: Double? = nil,
        semanticRank: Int? = nil, semanticScore: Double? = nil,
        fusedScore: Double, notes: [String] = []
    ) {
        self.lexicalRank = lexicalRank
        self.lexicalScore = lexicalScore
        self.semanticRank = semanticRank
        self.semanticScore = semanticScore
        self.fusedScore = fusedScore
        self.notes = notes
    }
}

/// One passage that matched a query, with everything needed to show and cite it.
public struct SearchHit: Sendable, Hashable, Codable {
    public var chunkID: Int64
    public var documentID: Int64
    public var path: String
    public var format: DocumentFormat
    public var title: String?
    /// First page of the passage (paged formats), and the last.
    public var page: Int?
    public var pageEnd: Int?
    public var headingPath: [String]
    public var lineStart: Int?
    public var lineEnd: Int?
    /// Unicode-scalar span of the document version's canonical text.
    public var start: TextOffset
    public var end: TextOffset
    public var text: String
    /// The passage with matched terms wrapped in `[` `]` markers, shortened around the matches.
    public var snippet: String
    public var score: Double
    /// The citation id (`fn:…`), usable with `footnote cite`.
    public var citation: String
    public var explanation: ScoreExplanation?

    public init(
        chunkID: Int64, documentID: Int64, path: String, format: DocumentFormat, title: String?,
        page: Int?, pageEnd: Int?, headingPath: [String], lineStart: Int?, lineEnd: Int?,
        start: TextOffset, end: TextOffset, text: String, snippet: String, score: Double,
        citation: String, explanation: ScoreExplanation? = nil
    ) {
        self.chunkID = chunkID
        self.documentID = documentID
        self.path = path
        self.format = format
        self.title = title
        self.page = page
        self.pageEnd = pageEnd
        self.headingPath = headingPath
        self.lineStart = lineStart
        self.lineEnd = lineEnd
        self.start = start
        self.end = end
        self.text = text
        self.snippet = snippet
        self.score = score
        self.citation = citation
        self.explanation = explanation
    }
}

/// Restricts a search to part of the index; applied before top-k, never after.
public struct SearchFilter: Sendable, Hashable, Codable {
    /// Glob patterns (SQLite GLOB syntax) a document path must match, any of them.
    public var pathGlobs: [String]
    /// Formats a document must have; empty means all.
    public var formats: [DocumentFormat]

    /// The caller's access groups: only documents without groups, or sharing one of these, are
    /// visible. nil means no restriction (the index's owner).
    public var accessGroups: [String]?

    public init(pathGlobs: [String] = [], formats: [DocumentFormat] = [], accessGroups: [String]? = nil) {
        self.pathGlobs = pathGlobs
        self.formats = formats
        self.accessGroups = accessGroups
    }

    public var isEmpty: Bool { pathGlobs.isEmpty && formats.isEmpty && accessGroups == nil }
}
