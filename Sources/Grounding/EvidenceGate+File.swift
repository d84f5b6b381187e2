import Foundation

/// A gate as a JSON file: `footnote calibrate --write-gate` writes the fitted gate, and `ask`,
/// `eval-qa`, `serve` and `mcp` read it with `--gate`. Keys left out keep the shipped values, so a
/// hand-written `{"denseThreshold": 0.5}` is a whole gate.
extension EvidenceGate {
    enum FileKey: String, CodingKey, CaseIterable {
        case threshold, denseThreshold, passageWeight, sentenceWeight, semanticWeight, similarityWeight
        case depth, similarityDepth, similarityFloor, similarityModel
    }

    /// The numeric keys of a gate file, each optional (decoded strictly: `true` or `"0.4"` is not a number).
    private struct FileNumbers: Decodable {
        var threshold, denseThreshold, passageWeight, sentenceWeight, semanticWeight, similarityWeight: Double?
        var depth, similarityDepth, similarityFloor: Double?
    }

    /// Reads a gate file; names the file and the bad key or value when it cannot be used.
    public static func load(from url: URL) throws -> EvidenceGate {
        func failure(_ reason: String) -> GroundingError { .invalidSetting(name: "gate file", value: url.path, reason: reason) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw failure("cannot be read (\(error.localizedDescription))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data), let fields = object as? [String: Any] else {
            throw failure("is not a JSON object")
        }
        if let unknown = fields.keys.sorted().first(where: { FileKey(rawValue: $0) == nil }) {
            throw failure("unknown key '\(unknown)' (known: \(FileKey.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let numbers: FileNumbers
        do {
            numbers = try JSONDecoder().decode(FileNumbers.self, from: data)
        } catch let DecodingError.typeMismatch(_, context) {
            throw failure("'\(context.codingPath.last?.stringValue ?? "?")' must be a number")
        } catch {
            throw failure("cannot be decoded (\(error))")
        }
        func number(_ value: Double?, _ key: FileKey, in range: ClosedRange<Double>) throws -> Double? {
            guard let value else { return nil }
            guard range.contains(value) else {
                throw failure("'\(key.rawValue)' must be a number in \(range.lowerBound)…\(range.upperBound), got \(value)")
            }
            return value
        }
        func count(_ value: Double?, _ key: FileKey) throws -> Int? {
            try number(value, key, in: 1...50).map { value in
                guard value == value.rounded() else { throw failure("'\(key.rawValue)' must be a whole number, got \(value)") }
                return Int(value)
            }
        }
        var gate = EvidenceGate.default
        gate.threshold = try number(numbers.threshold, .threshold, in: 0...1) ?? gate.threshold
        gate.denseThreshold = try number(numbers.denseThreshold, .denseThreshold, in: 0...1) ?? gate.denseThreshold
        gate.passageWeight = try number(numbers.passageWeight, .passageWeight, in: 0...1000) ?? gate.passageWeight
        gate.sentenceWeight = try number(numbers.sentenceWeight, .sentenceWeight, in: 0...1000) ?? gate.sentenceWeight
        gate.semanticWeight = try number(numbers.semanticWeight, .semanticWeight, in: 0...1) ?? gate.semanticWeight
        gate.similarityWeight = try number(numbers.similarityWeight, .similarityWeight, in: 0...1) ?? gate.similarityWeight
        gate.similarityFloor = try number(numbers.similarityFloor, .similarityFloor, in: 0...1) ?? gate.similarityFloor
        gate.depth = try count(numbers.depth, .depth) ?? gate.depth
        gate.similarityDepth = try count(numbers.similarityDepth, .similarityDepth) ?? gate.similarityDepth
        if let model = fields[FileKey.similarityModel.rawValue] {
            switch model {
            case is NSNull: gate.similarityModel = nil
            case let checksum as String: gate.similarityModel = checksum
            default: throw failure("'similarityModel' must be a model checksum or null, got \(model)")
            }
        }
        guard gate.passageWeight + gate.sentenceWeight > 0 else { throw failure("passageWeight and sentenceWeight are both 0") }
        guard gate.semanticWeight + gate.similarityWeight <= 1 else {
            throw failure("semanticWeight + similarityWeight must be at most 1, got \(gate.semanticWeight + gate.similarityWeight)")
        }
        return gate
    }

    /// Writes every setting (sorted keys; `similarityModel` null when any model is accepted), so the
    /// file documents the whole gate and reads back as the same gate.
    public func write(to url: URL) throws {
        let fields: [String: Any] = [
            FileKey.threshold.rawValue: threshold, FileKey.denseThreshold.rawValue: denseThreshold,
            FileKey.passageWeight.rawValue: passageWeight, FileKey.sentenceWeight.rawValue: sentenceWeight,
            FileKey.semanticWeight.rawValue: semanticWeight, FileKey.similarityWeight.rawValue: similarityWeight,
            FileKey.depth.rawValue: depth, FileKey.similarityDepth.rawValue: similarityDepth,
            FileKey.similarityFloor.rawValue: similarityFloor, FileKey.similarityModel.rawValue: similarityModel ?? NSNull(),
        ]
        do {
            let data = try JSONSerialization.data(withJSONObject: fields, options: [.prettyPrinted, .sortedKeys])
            try (data + Data([0x0A])).write(to: url, options: .atomic)
        } catch {
            throw GroundingError.invalidSetting(name: "gate file", value: url.path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }
}
