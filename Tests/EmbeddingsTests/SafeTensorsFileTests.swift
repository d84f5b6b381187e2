import Foundation
import Testing
import TestSupport
@testable import Embeddings

/// Reading safetensors files written by the test itself.
@Suite("SafeTensorsFile")
struct SafeTensorsFileTests {
    /// Builds a safetensors file from (name, dtype, shape, little-endian bytes).
    static func makeFile(_ tensors: [(String, String, [Int], [UInt8])], metadata: [String: String] = [:]) -> Data {
        var header: [String: Any] = [:]
        var body = Data()
        for (name, dtype, shape, bytes) in tensors {
            header[name] = ["dtype": dtype, "shape": shape, "data_offsets": [body.count, body.count + bytes.count]]
            body.append(contentsOf: bytes)
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while (8 + json.count) % 8 != 0 { json.append(0x20) }  // pad with spaces, as the format allows
        var data = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        data.append(body)
        return data
    }

    static func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    @Test("F32, F16 and BF16 tensors read as Float; I64 is listed but not read")
    func readsFloatTypes() throws {
        let f32: [Float] = [1.5, -2.25, 0, 3e-8, 1e30, -0.0]
        let f16: [UInt16] = [0x3C00, 0xC000, 0x3555, 0x0001, 0x7BFF, 0x8000]   // 1, -2, 0.333…, 2^-24, 65504, -0
        let bf16: [UInt16] = [0x3F80, 0xC040, 0x4049]                            // 1, -3, 3.140625
        let i64: [Int64] = [0, 1, 2]
        let directory = try TemporaryDirectory()
        let url = try directory.write("tiny.safetensors", data: Self.makeFile([
            ("a.f32", "F32", [2, 3], Self.bytes(f32)),
            ("b.f16", "F16", [6], Self.bytes(f16)),
            ("c.bf16", "BF16", [3], Self.bytes(bf16)),
            ("d.i64", "I64", [1, 3], Self.bytes(i64)),
        ], metadata: ["format": "pt"]))

        let file = try SafeTensorsFile(url: url)
        #expect(file.metadata == ["format": "pt"])
        #expect(Set(file.tensors.keys) == ["a.f32", "b.f16", "c.bf16", "d.i64"])
        #expect(file.tensors["a.f32"]?.shape == [2, 3])
        #expect(file.tensors["d.i64"]?.dtype == .i64)

        #expect(try file.floats("a.f32") == f32)
        let mapped = try #require(try file.mappedFloats("a.f32"))
        #expect(Array(UnsafeBufferPointer(start: mapped, count: 6)) == f32)
        #expect(try file.mappedFloats("b.f16") == nil)

        let halves = try file.floats("b.f16")
        #expect(halves[0] == 1 && halves[1] == -2 && halves[4] == 65504)
        #expect(abs(halves[2] - 1.0 / 3.0) < 1e-3)
        #expect(halves[3] == Float(sign: .plus, exponent: -24, significand: 1))
        #expect(halves[5] == 0 && halves[5].sign == .minus)
        #expect(try file.floats("c.bf16") == [1, -3, 3.140625])

        #expect(throws: EmbeddingsError.self) { try file.floats("d.i64") }
        #expect(throws: EmbeddingsError.self) { try file.floats("missing") }
    }

    @Test("truncated or inconsistent files are rejected with the file's path")
    func rejectsBrokenFiles() throws {
        let directory = try TemporaryDirectory()
        let tooShort = try directory.write("short.safetensors", data: Data([1, 2, 3]))
        #expect(throws: EmbeddingsError.self) { try SafeTensorsFile(url: tooShort) }

        var wrongSize = Self.makeFile([("x", "F32", [4], Self.bytes([Float(1), 2]))])
        let badRange = try directory.write("range.safetensors", data: wrongSize)
        #expect(throws: EmbeddingsError.self) { try SafeTensorsFile(url: badRange) }

        wrongSize = Data([0xFF, 0xFF, 0, 0, 0, 0, 0, 0]) + Data("{}".utf8)
        let badHeader = try directory.write("header.safetensors", data: wrongSize)
        let error = #expect(throws: EmbeddingsError.self) { try SafeTensorsFile(url: badHeader) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("header.safetensors"))
    }
}
