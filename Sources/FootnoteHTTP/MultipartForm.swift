import Foundation

/// A parsed `multipart/form-data` body (RFC 7578): its parts with their field names and file names.
struct MultipartForm: Sendable {
    /// One part of the body.
    struct Part: Sendable {
        var name: String?
        var filename: String?
        var contentType: String?
        var data: Data
    }

    var parts: [Part]

    /// The boundary named by a `Content-Type: multipart/form-data; boundary=…` header.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Parses `body` split by `boundary`; throws `ServiceError.badRequest` naming what is malformed.
    init(body: [UInt8], boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n\r\n".utf8)
        guard var position = Self.find(delimiter, in: body, from: 0) else {
            throw ServiceError.badRequest(field: "body", reason: "the multipart boundary does not occur in the body")
        }
        var parts: [Part] = []
        let nextDelimiter = [13, 10] + delimiter  // CRLF before every delimiter after the first
        while true {
            position += delimiter.count
            if body.count >= position + 2, body[position] == 45, body[position + 1] == 45 { break }  // "--": closing delimiter
            guard body.count >= position + 2, body[position] == 13, body[position + 1] == 10 else {
                throw ServiceError.badRequest(field: "body", reason: "a multipart delimiter is not followed by CRLF")
            }
            position += 2
            guard let headerEnd = Self.find(separator, in: body, from: position) else {
                throw ServiceError.badRequest(field: "body", reason: "a multipart part has no end of headers")
            }
            guard let end = Self.find(nextDelimiter, in: body, from: headerEnd + 4) else {
                throw ServiceError.badRequest(field: "body", reason: "the multipart body is not closed by its boundary")
            }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            var part = Part(name: nil, filename: nil, contentType: nil, data: Data(body[(headerEnd + 4)..<end]))
            Self.apply(headers: headers, to: &part)
            parts.append(part)
            position = end + 2
        }
        self.parts = parts
    }

    private static func apply(headers: String, to part: inout Part) {
        for line in headers.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-type" { part.contentType = value }
            guard name == "content-disposition" else { continue }
            for parameter in Self.parameters(value) {
                switch parameter.key.lowercased() {
                case "name": part.name = parameter.value
                case "filename": part.filename = parameter.value
                default: break
                }
            }
        }
    }

    /// `form-data; name="file"; filename="a;b.md"` → [(name, file), (filename, a;b.md)], honouring quotes.
    static func parameters(_ value: String) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        var scalars = Substring(value)
        while let semicolon = Self.unquotedSemicolon(in: scalars) {
            scalars = scalars[scalars.index(after: semicolon)...]
            let end = Self.unquotedSemicolon(in: scalars) ?? scalars.endIndex
            let item = scalars[..<end].trimmingCharacters(in: .whitespaces)
            if let equals = item.firstIndex(of: "=") {
                var parameterValue = String(item[item.index(after: equals)...])
                if parameterValue.hasPrefix("\""), parameterValue.hasSuffix("\""), parameterValue.count >= 2 {
                    parameterValue = String(parameterValue.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                }
                result.append((String(item[..<equals]).trimmingCharacters(in: .whitespaces), parameterValue))
            }
            scalars = scalars[end...]
        }
        return result
    }

    private static func unquotedSemicolon(in text: Substring) -> Substring.Index? {
        var quoted = false
        var escaped = false
        for index in text.indices {
            let character = text[index]
            if escaped { escaped = false; continue }
            if character == "\\" && quoted { escaped = true; continue }
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted { return index }
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
