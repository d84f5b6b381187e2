import Foundation

/// A memory-mapped `.safetensors` file (https://huggingface.co/docs/safetensors): an 8-byte
/// little-endian header length, a JSON header mapping tensor names to dtype, shape and byte
/// offsets, then the raw little-endian tensor data.
///
/// F32 tensors are read in place from the mapping; F16 and BF16 are converted to `Float` on request.
/// Integer tensors (such as BERT's `position_ids`) are listed but cannot be read as floats.
public final class SafeTensorsFile: @unchecked Sendable {
    // Sendable: immutable after init; the mapping is read-only and unmapped only when released.

    /// Element type of a stored tensor.
    public enum DType: String, Sendable, Hashable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64, .i64: 8
            case .f32, .i32: 4
            case .f16, .bf16, .i16: 2
            case .i8, .u8, .bool: 1
            }
        }
    }

    /// Where one tensor lives in the file.
    public struct TensorInfo: Sendable, Hashable {
        public var dtype: DType
        public var shape: [Int]
        /// Byte range relative to the start of the data section.
        public var byteRange: Range<Int>
        /// Number of elements (product of the shape; 1 for a scalar).
        public var count: Int { shape.reduce(1, *) }
    }

    public let url: URL
    /// All tensors by name.
    public let tensors: [String: TensorInfo]
    /// The free-form `__metadata__` strings of the header.
    public let metadata: [String: String]

    private let mapping: MappedFile
    private let dataOffset: Int

    /// Maps `url` and parses its header.
    public init(url: URL) throws {
        self.url = url
        let path = url.path
        mapping = try MappedFile(url: url)
        let raw = mapping.bytes
        guard raw.count >= 8 else {
            throw EmbeddingsError.invalidModelFile(path: path, reason: "file is \(raw.count) bytes, too short for a safetensors header")
        }
        let headerLength = Int(clamping: UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)))
        guard headerLength > 0, headerLength <= raw.count - 8 else {
            throw EmbeddingsError.invalidModelFile(
                path: path, reason: "header length \(headerLength) exceeds the file size \(raw.count) (is the file still compressed?)")
        }
        let headerData = Data(UnsafeRawBufferPointer(rebasing: raw[8..<(8 + headerLength)]))
        let parsed = try Self.parseHeader(headerData, path: path, dataLength: raw.count - 8 - headerLength)
        tensors = parsed.tensors
        metadata = parsed.metadata
        dataOffset = 8 + headerLength
    }

    private static func parseHeader(
        _ data: Data, path: String, dataLength: Int
    ) throws -> (tensors: [String: TensorInfo], metadata: [String: String]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw EmbeddingsError.invalidModelFile(path: path, reason: "header is not valid JSON (\(error.localizedDescription))")
        }
        guard let header = object as? [String: Any] else {
            throw EmbeddingsError.invalidModelFile(path: path, reason: "header is not a JSON object")
        }
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                for (k, v) in (value as? [String: Any]) ?? [:] { metadata[k] = "\(v)" }
                continue
            }
            guard let entry = value as? [String: Any],
                  let dtypeName = entry["dtype"] as? String,
                  let shapeValues = entry["shape"] as? [Any],
                  let offsetValues = entry["data_offsets"] as? [Any], offsetValues.count == 2
            else {
                throw EmbeddingsError.invalidModelFile(path: path, reason: "header entry '\(name)' lacks dtype, shape or data_offsets")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw EmbeddingsError.invalidModelFile(path: path, reason: "tensor '\(name)' has unsupported dtype '\(dtypeName)'")
            }
            let shape = shapeValues.compactMap { ($0 as? NSNumber)?.intValue }
            let offsets = offsetValues.compactMap { ($0 as? NSNumber)?.intValue }
            guard shape.count == shapeValues.count, shape.allSatisfy({ $0 >= 0 }), offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength
            else {
                throw EmbeddingsError.invalidModelFile(path: path, reason: "tensor '\(name)' has an invalid shape or byte range")
            }
            let info = TensorInfo(dtype: dtype, shape: shape, byteRange: offsets[0]..<offsets[1])
            guard info.count * dtype.size == info.byteRange.count else {
                throw EmbeddingsError.invalidModelFile(
                    path: path, reason: "tensor '\(name)' has \(info.byteRange.count) bytes for shape \(shape) of \(dtypeName)")
            }
            tensors[name] = info
        }
        return (tensors, metadata)
    }

    /// Raw bytes of a tensor inside the mapping (valid while `self` lives).
    public func rawBytes(_ name: String) throws -> UnsafeRawBufferPointer {
        guard let info = tensors[name] else {
            throw EmbeddingsError.invalidTensor(name: name, reason: "not in \(url.lastPathComponent)")
        }
        return UnsafeRawBufferPointer(rebasing: mapping.bytes[(dataOffset + info.byteRange.lowerBound)..<(dataOffset + info.byteRange.upperBound)])
    }

    /// A pointer to an F32 tensor's data inside the mapping when it is 4-byte aligned, else nil.
    /// Valid while `self` lives; no copy.
    public func mappedFloats(_ name: String) throws -> UnsafePointer<Float>? {
        guard let info = tensors[name] else {
            throw EmbeddingsError.invalidTensor(name: name, reason: "not in \(url.lastPathComponent)")
        }
        let bytes = try rawBytes(name)
        #if _endian(little)
        guard info.dtype == .f32, let start = bytes.baseAddress, Int(bitPattern: start) % 4 == 0 else { return nil }
        return start.assumingMemoryBound(to: Float.self)
        #else
        return nil
        #endif
    }

    /// A tensor's values as `Float` (F32, F16 and BF16; copies).
    public func floats(_ name: String) throws -> [Float] {
        guard let info = tensors[name] else {
            throw EmbeddingsError.invalidTensor(name: name, reason: "not in \(url.lastPathComponent)")
        }
        let bytes = try rawBytes(name)
        let n = info.count
        switch info.dtype {
        case .f32:
            return (0..<n).map { Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        case .f16:
            return (0..<n).map { Self.halfToFloat(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
        case .bf16:
            return (0..<n).map {
                Float(bitPattern: UInt32(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) << 16)
            }
        default:
            throw EmbeddingsError.invalidTensor(name: name, reason: "dtype \(info.dtype.rawValue) cannot be read as floats")
        }
    }

    /// IEEE 754 binary16 bits to Float (portable: `Float16` is unavailable on some platforms).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            // zero or subnormal: mantissa · 2^-24
            let value = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? value : -value
        }
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        return Float(bitPattern: sign | (UInt32(exponent - 15 + 127) << 23) | (mantissa << 13))
    }
}
