import Foundation
import FootnoteCore
import Grounding

/// The evidence gate `footnote calibrate --self` fitted to one index, as the index keeps it.
public struct StoredGateFit: Sendable, Codable, Hashable {
    public var gate: EvidenceGate
    /// When it was fitted (ISO 8601).
    public var fittedAt: String
    /// Passages in the index then.
    public var passages: Int
    /// How many synthetic questions it was fitted on: answerable ones and their unanswerable twins.
    public var answerable: Int
    public var unanswerable: Int
    /// What wrote the questions: "templates" or "model <name>".
    public var generator: String
    /// The retrieval modes whose thresholds were fitted ("lexical", "hybrid").
    public var modes: [String]

    enum CodingKeys: String, CodingKey {
        case gate, passages, answerable, unanswerable, generator, modes
        case fittedAt = "fitted_at"
    }

    /// One line for `--explain`.
    public var summary: String {
        "the gate fitted to this index by `calibrate --self` on \(fittedAt) (\(answerable) questions written by \(generator), "
            + "\(unanswerable) with their passages hidden; \(modes.joined(separator: " and ")); \(passages) passages then)"
    }
}

extension KnowledgeBase {
    /// The settings key under which the self-fitted gate is stored.
    static let gateSettingKey = "evidence_gate"

    /// The gate `footnote calibrate --self` stored in this index, nil when there is none.
    public func storedGateFit() throws -> StoredGateFit? {
        guard let json = try store.setting(Self.gateSettingKey) else { return nil }
        do {
            return try JSONDecoder().decode(StoredGateFit.self, from: Data(json.utf8))
        } catch {
            throw FootnoteError.calibration(operation: "read the evidence gate stored in the index",
                                            reason: "\(error); run `footnote calibrate --self` again, or `--self --forget`")
        }
    }

    /// Stores `fit` in the index (nil removes the stored gate): `ask` answers behind it from then on.
    public func storeGateFit(_ fit: StoredGateFit?) throws {
        guard let fit else { return try store.setSetting(Self.gateSettingKey, nil) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try store.setSetting(Self.gateSettingKey, String(decoding: try encoder.encode(fit), as: UTF8.self))
    }

    /// The gate `ask` answers behind and what it is: the stored fit when the request allows it and the
    /// index holds one, else the request's gate. A stored fit that cannot be read is reported in
    /// `warnings` and the request's gate used.
    func gateInForce(_ request: AskRequest, warnings: inout [String]) -> (EvidenceGate, String) {
        guard request.gateSource == .index else { return (request.gate, request.gateDescription) }
        do {
            if let fit = try storedGateFit() { return (fit.gate, fit.summary) }
        } catch {
            warnings.append("\(error)")
        }
        return (request.gate, request.gateDescription)
    }
}
