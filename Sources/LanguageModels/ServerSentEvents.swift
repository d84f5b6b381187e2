import Foundation

/// An incremental parser of a `text/event-stream` body (the SSE format): feed bytes as they
/// arrive, get each complete event's `data` (multi-line data joined by newlines).
public struct ServerSentEventParser: Sendable {
    private var buffer: [UInt8] = []
    private var dataLines: [String] = []

    public init() {}

    /// Consumes bytes; returns the data of every event completed by them.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [String] where Bytes.Element == UInt8 {
        var events: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                var line = buffer
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                buffer.removeAll(keepingCapacity: true)
                if let event = process(String(decoding: line, as: UTF8.self)) { events.append(event) }
            } else {
                buffer.append(byte)
            }
        }
        return events
    }

    /// The data of a last event not followed by a blank line (end of stream).
    public mutating func finish() -> String? {
        if !buffer.isEmpty {
            let line = String(decoding: buffer, as: UTF8.self)
            buffer.removeAll()
            if let event = process(line) { return event }
        }
        return process("")
    }

    private mutating func process(_ line: String) -> String? {
        if line.isEmpty {
            guard !dataLines.isEmpty else { return nil }
            defer { dataLines.removeAll() }
            return dataLines.joined(separator: "\n")
        }
        if line.hasPrefix(":") { return nil }  // comment / keep-alive
        if line.hasPrefix("data:") {
            var value = line.dropFirst(5)
            if value.first == " " { value = value.dropFirst() }
            dataLines.append(String(value))
        }
        return nil
    }
}
