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
