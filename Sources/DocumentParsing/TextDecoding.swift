import Foundation

/// Turns the bytes of a text file into a `String`: UTF-8 (BOM stripped) or UTF-16 with a BOM,
/// with line endings normalised to "\n".
enum TextDecoding {
    /// Decodes `data`, refusing binary content and invalid UTF-8 with the offending byte offset.
    static func decode(_ data: Data, fileName: String) throws -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            guard let string = String(
                bytes: bytes.dropFirst(2), encoding: littleEndian ? .utf16LittleEndian : .utf16BigEndian)
            else {
                throw DocumentParsingError.invalidEncoding(fileName: fileName, encoding: "UTF-16", byteOffset: nil)
            }
            return normalizingNewlines(string)
        }
        var body = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { body = bytes.dropFirst(3) }
        if let nul = body.firstIndex(of: 0) {
            throw DocumentParsingError.binaryContent(fileName: fileName, byteOffset: nul)
        }
        guard let string = String(validating: body, as: UTF8.self) else {
            throw DocumentParsingError.invalidEncoding(
                fileName: fileName, encoding: "UTF-8", byteOffset: firstInvalidUTF8Offset(body))
        }
        return normalizingNewlines(string)
    }

    /// The byte offset (in the whole file) of the first byte that breaks UTF-8.
    static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = bytes.startIndex
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): offset += UTF8.width(scalar)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    /// "\r\n" and lone "\r" become "\n", so line numbers match what an editor shows.
    static func normalizingNewlines(_ string: String) -> String {
        guard string.utf8.contains(13) else { return string }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in string.unicodeScalars {
            if scalar == "\r" {
                out.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(scalar)
        }
        return String(out)
    }
}
