import Foundation

/// Cuts a byte stream into newline-delimited messages (the MCP stdio framing) in linear time and bounded
/// memory: each byte is scanned once, when it arrives, and a line longer than `maximumLineLength` is
/// discarded up to its newline instead of being buffered.
struct LineFramer: Sendable {
    /// The longest line kept (4 MiB, without the newline); a longer one becomes `.oversized`.
    static let defaultMaximumLineLength = 4 * 1024 * 1024

    /// What a chunk of input completed.
    enum Event: Equatable, Sendable {
        /// One line without its newline (and without a trailing carriage return).
        case line(Data)
        /// A line longer than the limit; its bytes were dropped.
        case oversized
    }

    let maximumLineLength: Int
    private var pending = Data()
    private var discarding = false

    init(maximumLineLength: Int = LineFramer.defaultMaximumLineLength) {
        self.maximumLineLength = maximumLineLength
    }

    /// Appends `chunk` and returns the lines it completed, in order. Empty lines are skipped.
    mutating func append(_ chunk: Data) -> [Event] {
        var events: [Event] = []
        var start = chunk.startIndex
        while start < chunk.endIndex {
            // Only the new bytes are searched: `pending` never holds a newline.
            guard let newline = Self.firstNewline(in: chunk, from: start) else {
                keep(chunk[start...])
                break
            }
            keep(chunk[start..<newline])
            if let event = finishLine() { events.append(event) }
            start = newline + 1
        }
        return events
    }

    /// The index of the first newline in `data` at or after `start` (memchr: each byte looked at once).
    private static func firstNewline(in data: Data, from start: Data.Index) -> Data.Index? {
        data.withUnsafeBytes { raw -> Data.Index? in
            let offset = start - data.startIndex
            guard let base = raw.baseAddress, offset < raw.count,
                  let hit = memchr(base + offset, 0x0A, raw.count - offset) else { return nil }
            return data.startIndex + (UnsafeRawPointer(hit) - base)
        }
    }

    /// At end of input: a last line without a newline, if there is one.
    mutating func finish() -> Event? {
        finishLine()
    }

    private mutating func keep(_ bytes: Data) {
        guard !discarding else { return }
        if pending.count + bytes.count > maximumLineLength {
            discarding = true
            pending = Data()
        } else {
            pending.append(bytes)
        }
    }

    private mutating func finishLine() -> Event? {
        defer {
            pending = Data()
            discarding = false
        }
        if discarding { return .oversized }
        var line = pending
        if line.last == 0x0D { line.removeLast() }
        let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        return blank ? nil : .line(line)
    }
}
