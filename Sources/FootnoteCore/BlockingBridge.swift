import Dispatch
import Foundation

/// Runs async work to completion from synchronous code, blocking the calling thread until it ends.
///
/// The work runs on its own task executor (GCD threads, which may grow beyond the core count), never on
/// Swift concurrency's cooperative pool. A bridge that waited for a pool task could deadlock when the
/// waiting threads are themselves the pool's (sync code called from async code: a test body, an HTTP
/// handler's blocking read): with two cores, two such waits held every pool thread and the awaited task
/// never ran. Here the awaited work needs no pool thread, so a wait from anywhere finishes.
public enum BlockingBridge {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = ResultHandOff<T>()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: BlockingWorkExecutor.shared) {
            do { outcome.set(.success(try await work())) } catch { outcome.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        return try outcome.get()
    }
}

/// A task executor on a concurrent GCD queue, for async work that blocks a thread (SQLite reads, a lock
/// on a shared connection, the native encoder's wait for its workers): run under it, such work holds GCD
/// threads, which grow with demand, instead of Swift concurrency's cooperative pool (one thread per core),
/// which every other task needs to make progress. One task's jobs are enqueued one at a time, so running
/// them on a concurrent queue never runs two parts of one task at once.
public final class BlockingWorkExecutor: TaskExecutor, Sendable {
    public static let shared = BlockingWorkExecutor()
    private let queue = DispatchQueue(label: "footnote.blocking-bridge", qos: .userInitiated, attributes: .concurrent)

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// A result one thread (or task) hands to another that waits for it; `lock` orders the write (before the signal) and the read.
public final class ResultHandOff<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, Error>?

    public init() {}

    public func set(_ value: Result<T, Error>) { lock.withLock { result = value } }

    /// The handed result; CancellationError when none was set.
    public func get() throws -> T {
        guard let result = lock.withLock({ result }) else { throw CancellationError() }
        return try result.get()
    }
}
