import Foundation

/// A fixed set of dedicated threads, each owning a `BERTWorkspace`, that run encoding jobs from
/// one FIFO queue. Blocking BLAS work runs here, never on Swift's cooperative pool.
final class EncoderWorkerPool: @unchecked Sendable {
    // Sendable: `jobs` and `isShutDown` are guarded by `condition`; the threads are started once in
    // init and only touch their own workspace.

    typealias Job = @Sendable (BERTWorkspace) -> Void

    let workerCount: Int
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var isShutDown = false

    init(weights: BERTWeights, packed: PackedBF16Weights? = nil, workers: Int, statistics: EncoderStatistics? = nil,
         name: String = "footnote.embeddings.worker") {
        workerCount = max(1, workers)
        for index in 0..<workerCount {
            // The workspace is created on, and never leaves, its worker thread.
            let thread = Thread { [self] in run(BERTWorkspace(weights: weights, packed: packed, statistics: statistics)) }
            thread.name = "\(name).\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues jobs; returns false (and runs nothing) after `shutDown()`.
    @discardableResult
    func submit(_ newJobs: [Job]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isShutDown else { return false }
        jobs.append(contentsOf: newJobs)
        condition.broadcast()
        return true
    }

    /// Lets the threads finish queued jobs and exit.
    func shutDown() {
        condition.lock()
        isShutDown = true
        condition.broadcast()
        condition.unlock()
    }

    private func run(_ workspace: BERTWorkspace) {
        while true {
            condition.lock()
            while head == jobs.count && !isShutDown { condition.wait() }
            if head == jobs.count {
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job(workspace)
        }
    }
}

/// Output rows shared by the jobs of one request; each job writes a disjoint set of rows.
final class EmbeddingOutput: @unchecked Sendable {
    // Sendable: jobs write disjoint row ranges; `remaining` is guarded by `lock`, and the rows are
    // read only after the last job has finished (ordered by that lock).
    let rows: Int
    let dimension: Int
    let storage: UnsafeMutablePointer<Float>
    private let lock = NSLock()
    private var remaining: Int
    private let completion: @Sendable (EmbeddingOutput) -> Void

    init(rows: Int, dimension: Int, jobs: Int, completion: @escaping @Sendable (EmbeddingOutput) -> Void) {
        self.rows = rows
        self.dimension = dimension
        self.remaining = jobs
        self.completion = completion
        storage = .allocate(capacity: max(1, rows * dimension))
        storage.initialize(repeating: 0, count: max(1, rows * dimension))
    }

    deinit { storage.deallocate() }

    /// Called by each job when it is done; the last one runs the completion.
    func jobFinished() {
        lock.lock()
        remaining -= 1
        let done = remaining == 0
        lock.unlock()
        if done { completion(self) }
    }

    /// The vectors as arrays, in row order.
    func vectors() -> [[Float]] {
        (0..<rows).map { r in Array(UnsafeBufferPointer(start: storage + r * dimension, count: dimension)) }
    }
}
