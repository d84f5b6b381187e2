import Dispatch
import Foundation
import Footnote

/// One writer and a few readers over the same index file, each on its own thread, so blocking SQLite
/// work never runs on Swift's cooperative pool. WAL mode lets the readers search while the writer ingests.
public final class ConnectionPool: @unchecked Sendable {
    // `readers`, `readerQueues`, `writer` and the timeouts are immutable after init; `inFlight` is guarded by `lock`.
    /// The one connection that writes (ingest, delete).
    public let writer: KnowledgeBase
    let readers: [KnowledgeBase]
    private let readerQueues: [DispatchQueue]
    private let writerQueue = DispatchQueue(label: "footnote.http.writer", qos: .userInitiated)
    private let lock = NSLock()
    private var inFlight: [Int]
    /// Reads that take longer are answered with `ServiceError.timedOut` (the work itself runs to completion).
    public let readTimeout: Double
    /// The same for writes (uploads and deletes, ingest included).
    public let writeTimeout: Double

    /// Opens `readerCount` more connections to `writer`'s index (on PostgreSQL, handles on its one store),
    /// sharing its embedder.
    public init(writer: KnowledgeBase, readerCount: Int, readTimeout: Double = 30, writeTimeout: Double = 300) throws {
        self.writer = writer
        var readers: [KnowledgeBase] = []
        for _ in 0..<max(1, readerCount) {
            readers.append(try writer.concurrentReader())
        }
        self.readers = readers
        readerQueues = readers.indices.map { DispatchQueue(label: "footnote.http.reader.\($0)", qos: .userInitiated) }
        inFlight = Array(repeating: 0, count: readers.count)
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
    }

    /// Runs `body` on the least busy reader connection's thread.
    public func read<T: Sendable>(_ body: @escaping @Sendable (KnowledgeBase) throws -> T) async throws -> T {
        let slot = lock.withLock { () -> Int in
            let slot = inFlight.indices.min { inFlight[$0] < inFlight[$1] } ?? 0
            inFlight[slot] += 1
            return slot
        }
        let reader = readers[slot]
        return try await Self.run(on: readerQueues[slot], timeout: readTimeout) { [self] in
            defer { lock.withLock { inFlight[slot] -= 1 } }
            return try body(reader)
        }
    }

    /// The least busy reader, for async pipelines (`ask`) that cannot run on a reader's thread.
    func anyReader() -> KnowledgeBase {
        lock.withLock { readers[inFlight.indices.min { inFlight[$0] < inFlight[$1] } ?? 0] }
    }

    /// Runs `body` on the writer's thread; writes are serialised in arrival order.
    public func write<T: Sendable>(_ body: @escaping @Sendable (KnowledgeBase) throws -> T) async throws -> T {
        let writer = writer
        return try await Self.run(on: writerQueue, timeout: writeTimeout) { try body(writer) }
    }

    private static func run<T: Sendable>(
        on queue: DispatchQueue, timeout: Double, _ work: @escaping @Sendable () throws -> T
    ) async throws -> T {
        let race = FirstResult<T>()
        queue.async { race.resume(Result { try work() }) }
        // The deadline is a GCD timer, not `Task.sleep`: when blocking work starves Swift's
        // cooperative pool (2 threads here), a sleeping task is not resumed in time, a timer is.
        let deadline = DispatchWorkItem { race.resume(.failure(ServiceError.timedOut(seconds: timeout))) }
        DispatchQueue.global(qos: .userInitiated).asyncAfter(deadline: .now() + max(0.001, timeout), execute: deadline)
        defer { deadline.cancel() }
        return try await race.value()
    }
}
