import Dispatch
import Foundation

/// Thread budget and a minimal parallel-for; `LUNAR_THREADS=N` in the environment caps every pool.
public enum Parallel {
    /// Threads available to NeuralNet: `LUNAR_THREADS` if set (≥ 1), else the active processor count.
    public static var maxThreads: Int {
        if let text = ProcessInfo.processInfo.environment["LUNAR_THREADS"], let n = Int(text), n >= 1 {
            return n
        }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Runs `body(i)` for i in 0..<count on up to `threads` threads; returns when all are done.
    static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        let width = min(count, max(1, threads))
        if width <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedBox(escapable)
            DispatchQueue.concurrentPerform(iterations: width) { worker in
                var i = worker
                while i < count {
                    box.value(i)
                    i += width
                }
            }
        }
    }
}

/// Carries a non-Sendable value into a concurrent closure whose safety the caller guarantees.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
