import Foundation
import MCP

/// Writes replies in the order their requests were read, whatever order the server finishes them in, and
/// says when every reply due has been written after input ended.
///
/// Each input line that is owed an answer gets a slot, in input order; the server's replies fill slots by
/// request id (the first open slot with that id) and complete slots at the head are written. A cancelled
/// request's slot is skipped (its reply, if one still comes, is discarded). Writes run on one serial queue,
/// so bytes leave in slot order and the end-of-replies signal follows the last write.
final class ReplyQueue: @unchecked Sendable {
    private enum Part {
        case awaiting(ID)
        case ready(Data)
        case dropped
    }

    private struct Slot {
        var parts: [Part]
        let isBatch: Bool
        var isComplete: Bool { !parts.contains { if case .awaiting = $0 { return true } else { return false } } }
    }

    /// The most slots open at once; the reader waits beyond it (input is read no faster than it is answered).
    let maximumOpenSlots: Int
    // `condition` guards every property below.
    private let condition = NSCondition()
    private var slots: [Slot] = []
    private var discard: [ID: Int] = [:]
    private var inputEnded = false
    private var drained = false
    private let output = DispatchQueue(label: "footnote.mcp.stdout")
    private let write: @Sendable (Data) -> Bool
    private let onDrained: @Sendable () -> Void

    /// `write` writes one line (it appends the newline) and returns false once the output is closed;
    /// `onDrained` runs once, on the writing queue, when input ended and every reply is written (or output closed).
    init(maximumOpenSlots: Int = 256, write: @escaping @Sendable (Data) -> Bool, onDrained: @escaping @Sendable () -> Void) {
        self.maximumOpenSlots = maximumOpenSlots
        self.write = write
        self.onDrained = onDrained
    }

    /// Opens the slot for one input line's replies (none for notifications only) and applies its
    /// cancellations; waits while too many slots are open. Call it before handing the line to the server.
    func expect(_ line: MessageTriage.Line) {
        var parts: [Part] = []
        for item in line.items {
            switch item {
            case let .request(_, id): parts.append(.awaiting(id))
            case let .reply(data): parts.append(.ready(data))
            case .message(_, cancels: nil): break
            case let .message(_, cancels: id?): cancel(id)
            }
        }
        guard !parts.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while slots.count >= maximumOpenSlots, !drained { condition.wait() }
        slots.append(Slot(parts: parts, isBatch: line.isBatch))
        flushLocked()
    }

    /// A message from the server: a reply fills its request's slot; anything else is written at once.
    func deliver(_ message: Data) {
        let envelope = try? JSONDecoder().decode(Envelope.self, from: message)
        condition.lock()
        defer { condition.unlock() }
        guard let envelope, envelope.method == nil, let id = envelope.id else { return send([message]) }
        if let (slot, part) = openPart(awaiting: id) {
            slots[slot].parts[part] = .ready(message)
            return flushLocked()
        }
        if let count = discard[id] {
            discard[id] = count > 1 ? count - 1 : nil
            return
        }
        send([message])  // a reply to nothing read (e.g. an SDK error with its own id): not held back
    }

    /// `notifications/cancelled` for `id`: its open slot is skipped, a late reply discarded.
    func cancel(_ id: ID) {
        condition.lock()
        defer { condition.unlock() }
        guard let (slot, part) = openPart(awaiting: id) else { return }  // already answered: nothing to skip
        slots[slot].parts[part] = .dropped
        discard[id, default: 0] += 1
        flushLocked()
    }

    /// The first slot and part still waiting for a reply to `id` (a reused id is answered first come, first served).
    private func openPart(awaiting id: ID) -> (Int, Int)? {
        for slot in slots.indices {
            if let part = slots[slot].parts.firstIndex(where: { if case .awaiting(id) = $0 { return true } else { return false } }) {
                return (slot, part)
            }
        }
        return nil
    }

    /// Input ended: once the open slots are written, `onDrained` runs.
    func endOfInput() {
        condition.lock()
        defer { condition.unlock() }
        inputEnded = true
        flushLocked()
    }

    private func flushLocked() {
        var lines: [Data] = []
        let openBefore = slots.count
        while let head = slots.first, head.isComplete {
            slots.removeFirst()
            let replies = head.parts.compactMap { if case let .ready(data) = $0 { return data } else { return nil } }
            if head.isBatch, !replies.isEmpty {
                lines.append(Data("[".utf8) + replies.joined(separator: Data(",".utf8)) + Data("]".utf8))
            } else {
                lines.append(contentsOf: replies)
            }
        }
        if slots.count < openBefore { condition.broadcast() }
        send(lines)
        if inputEnded, slots.isEmpty, !drained {
            drained = true
            output.async(execute: onDrained)
        }
    }

    /// Queues `lines` for writing, in call order; a failed write (output closed) ends the session.
    private func send(_ lines: [Data]) {
        guard !lines.isEmpty else { return }
        output.async { [self] in
            for line in lines where !write(line) {
                closeOutput()
                return
            }
        }
    }

    private func closeOutput() {
        condition.lock()
        defer { condition.unlock() }
        guard !drained else { return }
        drained = true
        condition.broadcast()
        output.async(execute: onDrained)
    }

    /// Just enough of a message to route it.
    private struct Envelope: Decodable {
        let id: ID?
        let method: String?
    }
}
