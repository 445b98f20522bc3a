/// A zero-initialised float buffer with a stable address, owned by a class so workspaces can hand out pointers.
///
/// Aligned to 64 bytes (a cache line, one AVX-512 vector): with malloc's 16-byte alignment, whether a buffer's
/// vectors straddled cache lines changed from run to run, and the latest-window prediction took 71 or 80 µs
/// depending on the run.
final class Buffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        self.count = count
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    convenience init(_ values: [Float]) {
        self.init(values.count)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { pointer.update(from: base, count: values.count) }
        }
    }

    deinit { pointer.deallocate() }

    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    func zero() { pointer.update(repeating: 0, count: count) }

    func copy(from other: Buffer) {
        precondition(other.count == count)
        pointer.update(from: other.pointer, count: count)
    }
}
