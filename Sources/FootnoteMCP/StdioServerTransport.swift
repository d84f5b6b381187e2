import Foundation
import Logging
import MCP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// MCP's stdio transport as Footnote owns it: newline-delimited JSON-RPC on two file descriptors.
///
/// The SDK's `StdioTransport` rescans its whole buffer for every 4 KiB read (quadratic on a long line),
/// drops or misroutes some malformed messages, and its server answers requests in whatever order they
/// finish and stops at end of input without waiting for them. Here one thread reads with blocking reads,
/// frames lines in linear time with a bounded buffer (`LineFramer`), answers malformed messages itself
/// (`MessageTriage`), and hands the rest to the server; `ReplyQueue` writes replies in request order, and
/// the message stream ends only after the last reply due is written, so the server stops after it.
actor StdioServerTransport: Transport {
    /// Logs go here (stderr for `footnote mcp`), never to the output descriptor.
    nonisolated let logger: Logger
    private let input: Int32
    private let maximumLineLength: Int
    private let stream: AsyncThrowingStream<Data, any Swift.Error>
    private let continuation: AsyncThrowingStream<Data, any Swift.Error>.Continuation
    private let replies: ReplyQueue
    private var connected = false

    /// A transport on `input` and `output` (stdin and stdout by default); lines longer than
    /// `maximumLineLength` bytes (default 4 MiB) are answered with a parse error and skipped.
    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
         maximumLineLength: Int = LineFramer.defaultMaximumLineLength, logger: Logger) {
        self.input = input
        self.maximumLineLength = maximumLineLength
        self.logger = logger
        let (stream, continuation) = AsyncThrowingStream<Data, any Swift.Error>.makeStream()
        self.stream = stream
        self.continuation = continuation
        replies = ReplyQueue(write: { line in StdioIO.writeLine(line, to: output) }, onDrained: { continuation.finish() })
    }

    /// Starts the reading thread.
    func connect() async throws {
        guard !connected else { return }
        connected = true
        let (input, limit, replies, continuation, logger) = (input, maximumLineLength, replies, continuation, logger)
        let thread = Thread {
            var framer = LineFramer(maximumLineLength: limit)
            let dispatch = { (event: LineFramer.Event) in
                let line: MessageTriage.Line
                switch event {
                case let .line(data): line = MessageTriage.triage(data)
                case .oversized: line = MessageTriage.oversized(maximumLineLength: limit)
                }
                replies.expect(line)  // the slot exists before the server can answer
                for item in line.items {
                    switch item {
                    case let .request(data, _), let .message(data, _): continuation.yield(data)
                    case .reply: break
                    }
                }
            }
            StdioIO.readChunks(from: input, logger: logger) { chunk in framer.append(chunk).forEach(dispatch) }
            if let last = framer.finish() { dispatch(last) }
            logger.debug("MCP input ended")
            replies.endOfInput()
        }
        thread.name = "footnote.mcp.stdin"
        thread.start()
    }

    /// Ends the message stream (the server stops); replies not yet written are not waited for.
    func disconnect() async {
        continuation.finish()
    }

    /// A message from the server, written in request order.
    func send(_ data: Data) async throws {
        replies.deliver(data)
    }

    /// The messages read, in order; it ends after input ended and every reply due was written.
    func receive() -> AsyncThrowingStream<Data, any Swift.Error> {
        stream
    }
}

/// Blocking reads and writes on raw descriptors (they may have been left non-blocking by someone else).
enum StdioIO {
    /// Calls `body` with each chunk read until end of input or a read error.
    static func readChunks(from descriptor: Int32, logger: Logger, _ body: (Data) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                body(Data(buffer[0..<count]))
            } else if count == 0 {
                return
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                wait(for: descriptor, events: Int16(POLLIN))
            } else {
                logger.error("MCP input read failed", metadata: ["errno": .stringConvertible(errno)])
                return
            }
        }
    }

    /// Writes `line` and a newline completely; false when the descriptor is closed or broken.
    static func writeLine(_ line: Data, to descriptor: Int32) -> Bool {
        var bytes = line
        bytes.append(0x0A)
        return bytes.withUnsafeBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, base + offset, buffer.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno == EINTR {
                    continue
                } else if errno == EAGAIN || errno == EWOULDBLOCK {
                    wait(for: descriptor, events: Int16(POLLOUT))
                } else {
                    return false
                }
            }
            return true
        }
    }

    private static func wait(for descriptor: Int32, events: Int16) {
        var request = pollfd(fd: descriptor, events: events, revents: 0)
        _ = poll(&request, 1, 1000)
    }
}
