import CNeuralKernels
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
    ///
    /// Worker w runs i = w, w + width, …; worker 0 is the calling thread. The others come from ``WorkerPool``
    /// (threads that spin for the next share before they sleep, so a share starts in a few µs against ≈ 40 µs for
    /// `concurrentPerform` here, which matters for the 70 µs latest-window predictions and the two shards of every
    /// training batch); a nested call or one made while another thread uses the pool falls back to
    /// `concurrentPerform`.
    static func forEach(_ count: Int, threads: Int, _ body: (Int) -> Void) {
        let width = min(count, max(1, threads))
        if width <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let box = UncheckedBox(escapable)
            let share: (Int) -> Void = { worker in
                var i = worker
                while i < count {
                    box.value(i)
                    i += width
                }
            }
            if !WorkerPool.shared.run(width: width, share) {
                let shareBox = UncheckedBox(share)
                DispatchQueue.concurrentPerform(iterations: width) { shareBox.value($0) }
            }
        }
    }
}

/// Threads that take a share of a ``Parallel/forEach(_:threads:_:)``.
///
/// A worker spins for a while (≈ 0.75 ms) after each share before it sleeps on a semaphore, and the caller spins
/// briefly for the worker to finish: waking a sleeping thread costs tens of µs here (an idle virtual CPU has to be
/// woken), as much as a whole latest-window prediction.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// Pause instructions a worker spins for new work before sleeping (≈ 0.75 ms on the EPYC: 25 ns each).
    static let workerSpins = 30_000
    /// Pause instructions the caller spins for a worker's share before it blocks.
    static let callerSpins = 30_000

    private final class Worker: @unchecked Sendable {
        let go = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        var task: ((Int) -> Void)?
        var index = 0
        /// Counters shared with the caller through the C atomics: the generation handed out, the last one finished,
        /// and whether the worker sleeps (then the caller signals `go`).
        let state = UnsafeMutablePointer<Int32>.allocate(capacity: 3)
        var generation: UnsafeMutablePointer<Int32> { state }
        var finished: UnsafeMutablePointer<Int32> { state + 1 }
        var sleeping: UnsafeMutablePointer<Int32> { state + 2 }

        init() {
            state.initialize(repeating: 0, count: 3)
            let thread = Thread { [unowned self] in self.loop() }
            thread.name = "lunar-worker"
            thread.start()
        }

        private func loop() {
            var seen: Int32 = 0
            while true {
                if lunar_spin_while_equal(generation, seen, WorkerPool.workerSpins) == 0 {
                    // announce sleep, then look again (the caller stores the generation, then reads `sleeping`)
                    lunar_atomic_store(sleeping, 1)
                    while lunar_atomic_load(generation) == seen { go.wait() }
                    lunar_atomic_store(sleeping, 0)
                }
                seen = lunar_atomic_load(generation)
                runTask()
                lunar_atomic_store(finished, seen)
                done.signal()
            }
        }

        /// Takes the task and runs it; the reference is gone before the share is reported finished (the caller's
        /// `withoutActuallyEscaping` checks that nothing kept the closure).
        private func runTask() {
            guard let task else { return }
            self.task = nil
            task(index)
        }

        func start(_ share: @escaping (Int) -> Void, index: Int) {
            task = share
            self.index = index
            lunar_atomic_store(generation, lunar_atomic_load(generation) &+ 1)
            if lunar_atomic_load(sleeping) != 0 { go.signal() }
        }

        func wait() {
            let target = lunar_atomic_load(generation)
            var spins = 0
            while lunar_atomic_load(finished) != target && spins < WorkerPool.callerSpins {
                _ = lunar_spin_while_equal(finished, lunar_atomic_load(finished), 64)
                spins += 64
            }
            done.wait()
        }
    }

    /// Held by the caller for a whole `run`: a second caller (or a nested call) does not wait for it.
    private let busy = NSLock()
    private var workers: [Worker] = []

    /// Runs share(0) on the calling thread and share(1..<width) on pool threads; false (nothing run) if the pool
    /// is in use.
    func run(width: Int, _ share: @escaping (Int) -> Void) -> Bool {
        guard busy.try() else { return false }
        defer { busy.unlock() }
        while workers.count < width - 1 { workers.append(Worker()) }
        for w in 1..<width { workers[w - 1].start(share, index: w) }
        share(0)
        for w in 1..<width { workers[w - 1].wait() }
        return true
    }
}

/// Carries a non-Sendable value into a concurrent closure whose safety the caller guarantees.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
