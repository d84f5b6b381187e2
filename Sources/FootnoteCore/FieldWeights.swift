/// Weights of a passage's BM25 score: per column of the full-text table (title, heading path, body, CJK
/// bigrams), and of the document side (the BM25 of the passage's whole document, added to the passage's).
public struct FieldWeights: Sendable, Hashable, Codable {
    public var title: Double
    public var heading: Double
    public var body: Double
    public var cjk: Double
    public var document: Double

    public init(title: Double, heading: Double, body: Double, cjk: Double, document: Double = 0) {
        self.title = title
        self.heading = heading
        self.body = body
        self.cjk = cjk
        self.document = document
    }

    /// `make eval` reports every collection with the title and document weights fitted on the others (its
    /// in-sample best over all eight is title 3, document 2: mean nDCG@10 0.6348 against these 0.6345).
    /// The document weight stops at 2 because passage answers on long documents lose above it (postgres-qa
    /// answer recall 0.333 at 2, 0.289 at 8). The heading weight was set on the developers' documents and is
    /// not measured by those collections (they have no headings).
    public static let `default` = FieldWeights(title: 2, heading: 1.5, body: 1, cjk: 1, document: 2)
}
