import ArgumentParser
import Foundation
import FootnoteCore
import Footnote

/// The evidence gate of `ask`, `eval-qa`, `serve`, `mcp` and `calibrate`: `--gate FILE` (or
/// $FOOTNOTE_GATE), a gate written by `footnote calibrate --write-gate`, else the gate `calibrate --self`
/// stored in the index, else the shipped gate; `--threshold` then overrides both of its thresholds (of the
/// file's gate or the shipped one: a threshold given by hand is not mixed with a fit).
struct GateOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Evidence gate file written by `footnote calibrate --write-gate` (default: $FOOTNOTE_GATE, else the gate `footnote calibrate --self` stored in the index, else the shipped gate).",
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

    /// The gate given on the command line (a file, $FOOTNOTE_GATE or --threshold) and what it is; nil when
    /// none was: `ask` then answers behind the index's own fit or the shipped gate.
    func explicitGate() throws -> (gate: EvidenceGate, description: String)? {
        let file = gate ?? ProcessInfo.processInfo.environment["FOOTNOTE_GATE"].flatMap { $0.isEmpty ? nil : $0 }
        guard file != nil || threshold != nil else { return nil }
        var description = file.map { "gate file \($0)" } ?? "the shipped gate"
        if let threshold { description += String(format: " with threshold %.3f", threshold) }
        return (try evidenceGate(), description)
    }

    /// Sets `request`'s gate to the one given on the command line, if any.
    func apply(to request: inout AskRequest) throws {
        guard let (gate, description) = try explicitGate() else { return }
        request.gate = gate
        request.gateSource = .given
        request.gateDescription = description
    }

    /// The gate in `file` (nil: $FOOTNOTE_GATE, else the shipped gate) with `threshold` replacing both thresholds.
    static func evidenceGate(file: String?, threshold: Double? = nil) throws -> EvidenceGate {
        var result = EvidenceGate.default
        if let path = file ?? ProcessInfo.processInfo.environment["FOOTNOTE_GATE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                result = try EvidenceGate.load(from: URL(fileURLWithPath: path))
            } catch let error as FootnoteError {
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
