/// A zero-initialised float buffer with a stable address, owned by a class so workspaces can hand out pointers.
final class Buffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
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
