/// Text that came from the file system (names, reasons naming them) made safe to print on a terminal.
public enum DisplayText {
    /// `text` with every control character, bidirectional override, line or paragraph separator and raw
    /// (non-UTF-8) file-name byte escaped visibly: `\n`, `\t`, `\r`, `\x1b`, `\xff` (a raw byte, see
    /// `FileSystemPath`), `\u{202e}`; a backslash becomes `\\` so that an escape cannot be forged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if let byte = FileSystemPath.rawByte(scalar) {
                result += "\\x" + hex(UInt32(byte), digits: 2)
                continue
            }
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + hex(scalar.value, digits: 2)
                } else if needsEscape(scalar) {
                    result += "\\u{" + hex(scalar.value, digits: 2) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\\" || FileSystemPath.rawByte(scalar) != nil { return true }
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return scalar.properties.isBidiControl
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
