import ArgumentParser
import Foundation
import Grounding

/// The evidence gate of `ask`, `eval-qa`, `serve`, `mcp` and `calibrate`: `--gate FILE` (or
/// $FOOTNOTE_GATE), a gate written by `footnote calibrate --write-gate`, else the shipped gate;
/// `--threshold` then overrides both of its thresholds.
struct GateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Evidence gate file written by `footnote calibrate --write-gate` (default: $FOOTNOTE_GATE, else the shipped gate).",
        valueName: "file"))
    var gate: String?

    @Option(name: .long, help: "Evidence-gate threshold 0…1 (default \(EvidenceGate.default.threshold) with lexical retrieval, \(EvidenceGate.default.denseThreshold) with vectors, or the gate file's; fitted by `footnote calibrate`).")
    var threshold: Double?

    func validate() throws {
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must be 0…1, got \(threshold)") }
    }

    /// The gate to answer behind.
    func evidenceGate() throws -> EvidenceGate {
        try Self.evidenceGate(file: gate, threshold: threshold)
    }

    /// The gate in `file` (nil: $FOOTNOTE_GATE, else the shipped gate) with `threshold` replacing both thresholds.
    static func evidenceGate(file: String?, threshold: Double? = nil) throws -> EvidenceGate {
        var result = EvidenceGate.default
        if let path = file ?? ProcessInfo.processInfo.environment["FOOTNOTE_GATE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                result = try EvidenceGate.load(from: URL(fileURLWithPath: path))
            } catch let error as GroundingError {
                throw ValidationError(error.description)
            }
        }
        if let threshold {
            result.threshold = threshold
            result.denseThreshold = threshold
        }
        return result
    }
}
