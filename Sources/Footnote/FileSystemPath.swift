import Foundation

/// File names are bytes; paths in the index and in reports are Strings. This is the one lossless mapping
/// between the two, used by the walker, the reader and every printed path.
///
/// A file name that is valid UTF-8 maps to itself. Each byte of an invalid UTF-8 sequence (always 0x80…0xFF)
/// maps to the private-use scalar U+10FF00 + byte (0xFF → U+10FFFF), and so do the bytes of a name that
/// literally spells one of those 128 reserved scalars, so the mapping is reversible: `bytes(of:)` gives back
/// exactly the bytes read from the directory. Paths are stored in the index in this form.
public enum FileSystemPath {
    /// The 128 scalars U+10FF80…U+10FFFF that stand for raw bytes 0x80…0xFF.
    static let rawByteScalars: ClosedRange<UInt32> = 0x10FF80...0x10FFFF

    /// The path for bytes read from the file system (a directory entry, `realpath`).
    public static func string<Bytes: Collection>(fromBytes bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let array = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var position = 0
        while position < array.count {
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = array[position...].makeIterator()
            switch parser.parseScalar(from: &iterator) {
            case let .valid(encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if rawByteScalars.contains(scalar.value) {
                    for byte in encoded { scalars.append(rawScalar(byte)) }
                } else {
                    scalars.append(scalar)
                }
                position += encoded.count
            case let .error(length):
                for byte in array[position..<position + length] { scalars.append(rawScalar(byte)) }
                position += length
            case .emptyInput:
                position = array.count
            }
        }
        return String(scalars)
    }

    /// The bytes a path names on disk (the inverse of `string(fromBytes:)`).
    public static func bytes(of path: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(path.utf8.count)
        for scalar in path.unicodeScalars {
            if let byte = rawByte(scalar) {
                result.append(byte)
            } else {
                Unicode.UTF8.encode(scalar) { result.append($0) }
            }
        }
        return result
    }

    /// Calls `body` with the NUL-terminated bytes of `path`, for system calls.
    public static func withCString<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        guard path.unicodeScalars.contains(where: { rawByteScalars.contains($0.value) }) else {
            return try path.withCString(body)
        }
        let terminated = bytes(of: path) + [0]
        return try terminated.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { characters in
                // A non-empty buffer always has a base address.
                guard let base = characters.baseAddress else { return try "".withCString(body) }
                return try body(base)
            }
        }
    }

    /// The raw byte a reserved scalar stands for, or nil for any other scalar.
    public static func rawByte(_ scalar: Unicode.Scalar) -> UInt8? {
        rawByteScalars.contains(scalar.value) ? UInt8(truncatingIfNeeded: scalar.value) : nil
    }

    static func rawScalar(_ byte: UInt8) -> Unicode.Scalar {
        Unicode.Scalar(0x10FF00 + UInt32(byte)) ?? "\u{FFFD}"
    }
}
