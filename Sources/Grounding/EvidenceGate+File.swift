import FootnoteCore
import Foundation

/// A gate as a JSON file: `footnote calibrate --write-gate` writes the fitted gate, and `ask`,
/// `eval-qa`, `serve` and `mcp` read it with `--gate`. Keys left out keep the shipped values, so a
/// hand-written `{"denseThreshold": 0.5}` is a whole gate.
extension EvidenceGate {
    enum FileKey: String, CodingKey, CaseIterable {
        case threshold, denseThreshold, passageWeight, sentenceWeight, semanticWeight, similarityWeight
        case depth, similarityDepth, similarityFloor, similarityModel, namePenalty, marginWeight
    }

    /// Decodes a gate file's bytes; `source` (the file's path) names it in the error with the bad key or value.
    /// Reading and writing the file is the caller's (Grounding does no I/O).
    public static func decodeFile(_ data: Data, source: String) throws -> EvidenceGate {
        func failure(_ reason: String) -> GroundingError { .invalidSetting(name: "gate file", value: source, reason: reason) }
        do {
            return try JSONDecoder().decode(GateFile.self, from: data).gate
        } catch let problem as GateFile.Problem {
            throw failure(problem.reason)
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            // Decoded strictly: `true` or `"0.4"` is not a number.
            throw failure("'\(context.codingPath.last?.stringValue ?? "?")' must be a number")
        } catch {
            throw failure("is not a JSON object")
        }
    }

    /// One pass over the file: unknown keys refused, each known key checked, the rest shipped values.
    private struct GateFile: Decodable {
        struct Problem: Error {
            var reason: String
        }

        /// Any key of the object, to find the unknown ones.
        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        var gate = EvidenceGate.default

        init(from decoder: Decoder) throws {
            let names = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).sorted()
            if let unknown = names.first(where: { FileKey(rawValue: $0) == nil }) {
                throw Problem(reason: "unknown key '\(unknown)' (known: \(FileKey.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let fields = try decoder.container(keyedBy: FileKey.self)
            func number(_ key: FileKey, in range: ClosedRange<Double>) throws -> Double? {
                guard let value = try fields.decodeIfPresent(Double.self, forKey: key) else { return nil }
                guard range.contains(value) else {
                    throw Problem(reason: "'\(key.rawValue)' must be a number in \(range.lowerBound)…\(range.upperBound), got \(value)")
                }
                return value
            }
            func count(_ key: FileKey) throws -> Int? {
                try number(key, in: 1...50).map { value in
                    guard value == value.rounded() else { throw Problem(reason: "'\(key.rawValue)' must be a whole number, got \(value)") }
                    return Int(value)
                }
            }
            gate.threshold = try number(.threshold, in: 0...1) ?? gate.threshold
            gate.denseThreshold = try number(.denseThreshold, in: 0...1) ?? gate.denseThreshold
            gate.passageWeight = try number(.passageWeight, in: 0...1000) ?? gate.passageWeight
            gate.sentenceWeight = try number(.sentenceWeight, in: 0...1000) ?? gate.sentenceWeight
            gate.semanticWeight = try number(.semanticWeight, in: 0...1) ?? gate.semanticWeight
            gate.similarityWeight = try number(.similarityWeight, in: 0...1) ?? gate.similarityWeight
            gate.similarityFloor = try number(.similarityFloor, in: 0...1) ?? gate.similarityFloor
            gate.namePenalty = try number(.namePenalty, in: 0...1) ?? gate.namePenalty
            gate.marginWeight = try number(.marginWeight, in: 0...1) ?? gate.marginWeight
            gate.depth = try count(.depth) ?? gate.depth
            gate.similarityDepth = try count(.similarityDepth) ?? gate.similarityDepth
            if fields.contains(.similarityModel) {
                if try fields.decodeNil(forKey: .similarityModel) {
                    gate.similarityModel = nil
                } else if let checksum = try? fields.decode(String.self, forKey: .similarityModel) {
                    gate.similarityModel = checksum
                } else {
                    throw Problem(reason: "'similarityModel' must be a model checksum or null")
                }
            }
            guard gate.passageWeight + gate.sentenceWeight > 0 else { throw Problem(reason: "passageWeight and sentenceWeight are both 0") }
            let cosineShare = gate.semanticWeight + gate.similarityWeight + gate.marginWeight
            guard cosineShare <= 1 + 1e-9 else {
                throw Problem(reason: "semanticWeight + similarityWeight + marginWeight must be at most 1, got \(cosineShare)")
            }
        }
    }

    /// Every setting as the file's bytes (sorted keys; `similarityModel` null when any model is accepted), so
    /// the file documents the whole gate and reads back as the same gate.
    public func fileData() throws -> Data {
        let fields: [String: Any] = [
            FileKey.threshold.rawValue: threshold, FileKey.denseThreshold.rawValue: denseThreshold,
            FileKey.passageWeight.rawValue: passageWeight, FileKey.sentenceWeight.rawValue: sentenceWeight,
            FileKey.semanticWeight.rawValue: semanticWeight, FileKey.similarityWeight.rawValue: similarityWeight,
            FileKey.depth.rawValue: depth, FileKey.similarityDepth.rawValue: similarityDepth,
            FileKey.similarityFloor.rawValue: similarityFloor, FileKey.similarityModel.rawValue: similarityModel ?? NSNull(),
            FileKey.namePenalty.rawValue: namePenalty, FileKey.marginWeight.rawValue: marginWeight,
        ]
        return try JSONSerialization.data(withJSONObject: fields, options: [.prettyPrinted, .sortedKeys]) + Data([0x0A])
    }
}
