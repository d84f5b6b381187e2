import FootnoteCore
import Grounding
import Testing

@Suite("Evidence passages: a copy of a better passage is skipped")
struct NearDuplicatesTests {
    static let html = """
        autovacuum_max_workers (integer) Specifies the maximum number of autovacuum processes (other than the \
        autovacuum launcher) that may be running at any one time. The default is three. This parameter can only \
        be set at server start.
        """
    /// The same paragraph as a PDF gives it: wrapped lines, a hyphenated word, a page footer.
    static let pdf = """
        autovacuum_max_workers (integer)
        Specifies the maximum number of autovacuum processes (other than the autovacu-
        um launcher) that may be running at any one time. The default is three. This parameter can only be set at
        server start.
        PostgreSQL 15 Documentation 612
        """
    /// The next setting of the same page: the same vocabulary, another fact.
    static let neighbour = """
        autovacuum_naptime (integer) Specifies the minimum delay between autovacuum runs on any given database. \
        In each round the daemon examines the database and issues VACUUM and ANALYZE commands as needed for \
        tables in that database. The default is one minute (1min).
        """
    static let other = "The checkpointer writes dirty buffers to disk at every checkpoint."

    @Test("the PDF copy of the best passage gives way to the next distinct passage; order and scores are kept")
    func skipsCopies() {
        let hits = [makeHit(1, Self.html), makeHit(2, Self.pdf), makeHit(3, Self.neighbour), makeHit(4, Self.other)]
        #expect(NearDuplicates.jaccard(Set(TextUnits.contentTerms(Self.html)), Set(TextUnits.contentTerms(Self.pdf))) >= NearDuplicates.overlap)
        let kept = NearDuplicates.collapsed(hits, limit: 2)
        #expect(kept.map(\.chunkID) == [1, 3])
        #expect(NearDuplicates.collapsed(hits, limit: 10).map(\.chunkID) == [1, 3, 4])
    }

    @Test("passages about neighbouring settings are not copies, and an identical text is one whatever its terms")
    func keepsNeighbours() {
        #expect(NearDuplicates.jaccard(Set(TextUnits.contentTerms(Self.html)), Set(TextUnits.contentTerms(Self.neighbour))) < NearDuplicates.overlap)
        let hits = [makeHit(1, Self.html), makeHit(2, Self.neighbour), makeHit(3, Self.html, path: "/copy/a.md"), makeHit(4, "x y")]
        #expect(NearDuplicates.collapsed(hits, limit: 5).map(\.chunkID) == [1, 2, 4])
        #expect(NearDuplicates.collapsed([makeHit(1, "a b"), makeHit(2, "a b")], limit: 5).map(\.chunkID) == [1])
        #expect(NearDuplicates.collapsed([], limit: 5).isEmpty)
    }
}
