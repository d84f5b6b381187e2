import Foundation
import FootnoteCore
import Footnote
import Grounding
import Testing
import TestSupport

@Suite("Evidence gate files: written by calibrate, read by ask, serve and mcp")
struct GateFileTests {
    @Test("a written gate reads back as the same gate, a null model included")
    func roundTrip() throws {
        let directory = try TemporaryDirectory(prefix: "gate-file")
        var gate = EvidenceGate.default
        gate.threshold = 0.41
        gate.denseThreshold = 0.52
        gate.passageWeight = 0.6
        gate.sentenceWeight = 0.4
        gate.similarityWeight = 0.3
        gate.similarityFloor = 0.2
        gate.similarityDepth = 3
        gate.namePenalty = 0.05
        gate.marginWeight = 0.2
        gate.similarityModel = nil
        let url = directory.url.appendingPathComponent("gate.json")
        try gate.write(to: url)
        #expect(try EvidenceGate.load(from: url) == gate)
        gate.similarityModel = "0123456789abcdef"
        try gate.write(to: url)
        #expect(try EvidenceGate.load(from: url) == gate)
    }

    @Test("keys left out keep the shipped values")
    func partialFile() throws {
        let directory = try TemporaryDirectory(prefix: "gate-file")
        try directory.write("gate.json", #"{"denseThreshold": 0.6}"#)
        let gate = try EvidenceGate.load(from: directory.url.appendingPathComponent("gate.json"))
        var expected = EvidenceGate.default
        expected.denseThreshold = 0.6
        #expect(gate == expected)
    }

    @Test("a bad file is refused with the file and the bad key or value named", arguments: [
        (#"{"treshold": 0.4}"#, "unknown key 'treshold'"),
        (#"{"threshold": 1.5}"#, "'threshold' must be a number in 0.0…1.0, got 1.5"),
        (#"{"threshold": "0.4"}"#, "'threshold' must be a number"),
        (#"{"threshold": true}"#, "'threshold' must be a number"),
        (#"{"depth": 2.5}"#, "'depth' must be a whole number"),
        (#"{"namePenalty": -0.1}"#, "'namePenalty' must be a number in 0.0…1.0, got -0.1"),
        (#"{"passageWeight": 0, "sentenceWeight": 0}"#, "both 0"),
        (#"{"semanticWeight": 0.6, "similarityWeight": 0.6}"#, "at most 1"),
        (#"{"marginWeight": 1.2}"#, "'marginWeight' must be a number in 0.0…1.0, got 1.2"),
        (#"{"similarityWeight": 0.9}"#, "semanticWeight + similarityWeight + marginWeight must be at most 1, got 1.05"),
        (#"{"similarityModel": null, "passageWeight": 0, "sentenceWeight": 0}"#, "both 0"),
        (#"{"similarityModel": 7}"#, "'similarityModel' must be a model checksum or null"),
        (#"[0.4]"#, "is not a JSON object"),
        ("not json", "is not a JSON object"),
    ])
    func badFile(text: String, reason: String) throws {
        let directory = try TemporaryDirectory(prefix: "gate-file")
        try directory.write("gate.json", text)
        let url = directory.url.appendingPathComponent("gate.json")
        do {
            _ = try EvidenceGate.load(from: url)
            Issue.record("accepted \(text)")
        } catch let error as FootnoteError {
            #expect(error.description.contains(url.path), "\(error)")
            #expect(error.description.contains(reason), "\(error)")
        }
    }

    @Test("a missing file names the path")
    func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/footnote-gate.json")
        do {
            _ = try EvidenceGate.load(from: url)
            Issue.record("loaded a file that does not exist")
        } catch {
            #expect("\(error)".contains("Invalid gate file '/nonexistent/footnote-gate.json': cannot be read"), "\(error)")
        }
    }
}
