import Foundation
import HTTPTypes
import Hummingbird

/// A plain HTTP/1.1 client over a blocking socket, so that tests can send what URLSession would not let
/// them: any `Host` header or none, `Origin` and `Sec-Fetch-Site` as a browser sends them.
enum RawHTTP {
    /// Sends one request to 127.0.0.1:`port` (`Connection: close`) and parses the response.
    /// `host` nil sends no `Host` header at all.
    static func send(port: Int, method: String, path: String, host: String?, headers: [(String, String)] = [],
                     body: Data? = nil) async throws -> TestServer.Reply {
        var head = "\(method) \(path) HTTP/1.1\r\n"
        if let host { head += "Host: \(host)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body?.count ?? 0)\r\nConnection: close\r\n\r\n"
        let request = Data(head.utf8) + (body ?? Data())
        let raw = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try exchange(port: port, request: request) }) }
        }
        return try parse(raw)
    }

    private static func exchange(port: Int, request: Data) throws -> Data {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw failure("socket") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw failure("connect to port \(port)") }
        var sent = 0
        while sent < request.count {
            let written = request.withUnsafeBytes { pointer -> Int in
                guard let base = pointer.baseAddress else { return -1 }
                return write(descriptor, base + sent, request.count - sent)
            }
            guard written > 0 else { throw failure("write") }
            sent += written
        }
        var response = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 { throw failure("read") }
            if count == 0 { break }
            response.append(contentsOf: buffer[0..<count])
        }
        return response
    }

    private static func parse(_ raw: Data) throws -> TestServer.Reply {
        let bytes = [UInt8](raw)
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10 }) else {
            throw failure("no complete response head in \(bytes.count) bytes")
        }
        let lines = String(decoding: bytes[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let code = Int(statusParts[1]) else { throw failure("bad status line '\(lines[0])'") }
        var fields = HTTPFields()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), let name = HTTPField.Name(String(line[..<colon])) else { continue }
            fields.append(HTTPField(name: name, value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Data(bytes[(end + 4)...])
        if fields[.transferEncoding]?.lowercased() == "chunked" { body = dechunk(body) }
        return TestServer.Reply(status: HTTPResponse.Status(code: code), headers: fields, body: body)
    }

    /// Decodes a chunked body (sizes in hex, each chunk followed by CRLF, a zero-size chunk last).
    private static func dechunk(_ data: Data) -> Data {
        var bytes = [UInt8](data)[...]
        var result = Data()
        while let lineEnd = bytes.indices.first(where: { bytes[$0] == 13 }), lineEnd + 1 < bytes.endIndex {
            let size = Int(String(decoding: bytes[bytes.startIndex..<lineEnd], as: UTF8.self).split(separator: ";").first ?? "", radix: 16) ?? 0
            let start = lineEnd + 2
            guard size > 0, start + size <= bytes.endIndex else { break }
            result.append(contentsOf: bytes[start..<(start + size)])
            bytes = bytes[min(bytes.endIndex, start + size + 2)...]
        }
        return result
    }

    private static func failure(_ what: String) -> Error {
        CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "raw HTTP: \(what) failed (\(String(cString: strerror(errno))))"])
    }
}
