import FootnoteCore

/// Passages that repeat one another: the same text reached through two files (a page kept as HTML and as
/// PDF, a file copied into two folders). Read as evidence, a copy adds nothing but takes the place of a
/// passage that might answer, and in the gate it poses as the best passage's rival.
public enum NearDuplicates {
    /// Two passages whose content terms overlap at least this much (Jaccard) are copies of one text. The
    /// share `calibrate --self` has always used to hide a passage's copies with it; not fitted on any set.
    public static let overlap = 0.5

    /// |a ∩ b| / |a ∪ b|; 0 when both are empty.
    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    /// `hits` (best first) without every hit that repeats a better one (the same text, or content terms
    /// overlapping by at least `overlap`), at most `limit` long. The kept hits keep their order and scores.
    public static func collapsed(_ hits: [SearchHit], overlap: Double = overlap, limit: Int) -> [SearchHit] {
        partitioned(hits, overlap: overlap, limit: limit).kept
    }

    /// `collapsed`, and the hits it skipped before the `limit`-th kept one, each with the index in `kept` of the
    /// better passage it repeats.
    public static func partitioned(_ hits: [SearchHit], overlap: Double = overlap, limit: Int)
        -> (kept: [SearchHit], skipped: [(hit: SearchHit, repeats: Int)]) {
        var kept: [SearchHit] = []
        var keptTerms: [Set<String>] = []
        var skipped: [(hit: SearchHit, repeats: Int)] = []
        for hit in hits {
            guard kept.count < limit else { break }
            let terms = Set(TextUnits.contentTerms(hit.text))
            if let original = kept.indices.first(where: { kept[$0].text == hit.text || jaccard(terms, keptTerms[$0]) >= overlap }) {
                skipped.append((hit, original))
                continue
            }
            kept.append(hit)
            keptTerms.append(terms)
        }
        return (kept, skipped)
    }
}
