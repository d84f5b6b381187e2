import FootnoteCore
import Grounding

/// Chooses the evidence gate's threshold from scored questions: the highest abstention recall whose
/// false-abstention rate is within `maxFalseAbstention`. Used by `footnote calibrate` on a labelled set
/// and by `calibrate --self` on questions made from the index.
public struct AbstentionFit: Sendable {
    public var maxFalseAbstention: Double
    /// Thresholds are chosen among multiples of this.
    public var resolution: Double

    public init(maxFalseAbstention: Double = 0.05, resolution: Double = 0.001) {
        self.maxFalseAbstention = maxFalseAbstention
        self.resolution = resolution
    }

    /// The candidate gate and threshold with the highest abstention recall within the false-abstention cap.
    public func fit(_ samples: [(features: EvidenceFeatures, answerable: Bool)], candidates: [EvidenceGate]) -> (EvidenceGate, AbstentionPoint) {
        var best: (EvidenceGate, AbstentionPoint)?
        for gate in candidates {
            let point = choose(samples.map { (gate.score($0.features), $0.answerable) })
            if let current = best?.1, (point.abstentionRecall, -point.falseAbstentionRate) <= (current.abstentionRecall, -current.falseAbstentionRate) { continue }
            best = (gate, point)
        }
        return best ?? (candidates[0], AbstentionPoint(threshold: 0, abstentionRecall: 0, falseAbstentionRate: 0))
    }

    /// The threshold (a multiple of `resolution`) with the highest abstention recall whose false abstention
    /// is within the cap; of equal ones the lowest. Exact: from the sorted scores, not from a sweep.
    public func choose(_ scored: [(Double, Bool)]) -> AbstentionPoint {
        let answerable = scored.filter(\.1).map(\.0).sorted()
        let unanswerable = scored.filter { !$0.1 }.map(\.0).sorted()
        let steps = (1 / resolution).rounded()
        // Grid values as k / steps (the shortest decimals), checked against the score itself.
        func atMost(_ value: Double) -> Double {
            var k = (value * steps).rounded(.down)
            while k / steps > value { k -= 1 }
            while (k + 1) / steps <= value { k += 1 }
            return k / steps
        }
        func above(_ value: Double) -> Double {
            var k = (value * steps).rounded(.down)
            while k / steps <= value { k += 1 }
            while (k - 1) / steps > value { k -= 1 }
            return k / steps
        }
        // At most `allowed` answerable questions may score below the threshold.
        let allowed = Int((maxFalseAbstention * Double(answerable.count) + 1e-9).rounded(.down))
        let highest = allowed < answerable.count ? atMost(answerable[allowed]) : above(unanswerable.last ?? 0)
        let recalled = unanswerable.filter { $0 < highest }.count
        // The lowest threshold above the last unanswerable score it catches.
        let threshold = recalled > 0 ? min(above(unanswerable[recalled - 1]), highest) : 0
        return Self.point(scored, threshold: max(0, threshold))
    }

    /// Abstention rates of (score, answerable) pairs at `threshold`.
    public static func point(_ scored: [(Double, Bool)], threshold: Double) -> AbstentionPoint {
        let unanswerable = scored.filter { !$0.1 }
        let answerable = scored.filter(\.1)
        return AbstentionPoint(
            threshold: threshold,
            abstentionRecall: Double(unanswerable.filter { $0.0 < threshold }.count) / Double(max(1, unanswerable.count)),
            falseAbstentionRate: Double(answerable.filter { $0.0 < threshold }.count) / Double(max(1, answerable.count)))
    }
}

/// One point of the abstention curve.
public struct AbstentionPoint: Sendable, Codable, Hashable {
    public var threshold: Double
    /// Share of unanswerable questions abstained on.
    public var abstentionRecall: Double
    /// Share of answerable questions abstained on.
    public var falseAbstentionRate: Double

    enum CodingKeys: String, CodingKey {
        case threshold
        case abstentionRecall = "abstention_recall"
        case falseAbstentionRate = "false_abstention_rate"
    }
}

extension AbstentionFit {
    /// The name penalties tried by `weightGrid`.
    public static let namePenalties = [0, 0.05, 0.1, 0.15, 0.2, 0.3]
    /// The retrieval-margin weights tried by `weightGrid`.
    public static let marginWeights = [0, 0.1, 0.15, 0.2, 0.3]

    /// The weight grid: passage share of the lexical part 0…1 and, when `dense`, the name penalty
    /// (`namePenalties`), top cosine 0…0.3, sentence cosine 0…0.6, the sentence-cosine floor 0, 0.3, 0.35 or 0.4
    /// and the retrieval margin (`marginWeights`).
    public static func weightGrid(_ base: EvidenceGate, dense: Bool) -> [EvidenceGate] {
        var lexical: [EvidenceGate] = []
        for passage in stride(from: 0.0, through: 1.0001, by: 0.125) {
            // The name penalty applies with a cosine only.
            for penalty in dense ? namePenalties : [base.namePenalty] {
                var gate = base
                gate.passageWeight = passage
                gate.sentenceWeight = 1 - passage
                gate.namePenalty = penalty
                lexical.append(gate)
            }
        }
        guard dense else { return lexical }
        var grid: [EvidenceGate] = []
        for gate in lexical {
            for semantic in stride(from: 0.0, through: 0.3001, by: 0.1) {
                for similarity in stride(from: 0.0, through: 0.6001, by: 0.1) {
                    for floor in similarity > 0 ? [0, 0.3, 0.35, 0.4] : [base.similarityFloor] {
                        // The retrieval margin joins the score with the sentence cosine only.
                        for margin in similarity > 0 ? marginWeights : [base.marginWeight] where semantic + similarity + margin <= 1 + 1e-9 {
                            var dense = gate
                            dense.semanticWeight = semantic
                            dense.similarityWeight = similarity
                            dense.similarityFloor = floor
                            dense.marginWeight = margin
                            grid.append(dense)
                        }
                    }
                }
            }
        }
        return grid
    }
}
