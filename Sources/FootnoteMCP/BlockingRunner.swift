import Dispatch
import Foundation

/// Runs blocking index work on one dedicated thread (a serial queue), off Swift's cooperative pool.
final class BlockingRunner: Sendable {
    private let queue = DispatchQueue(label: "footnote.mcp.index", qos: .userInitiated)

    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
