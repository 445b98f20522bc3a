/// A fixed-capacity ring of the most recent values (oldest first when indexed).
struct RingBuffer: Sendable {
    private var storage: [Double]
    private var head = 0
    /// Number of values held (at most the capacity).
    private(set) var count = 0

    init(capacity: Int) { storage = [Double](repeating: 0, count: Swift.max(1, capacity)) }

    var capacity: Int { storage.count }

    /// Appends `x`, dropping the oldest value when full.
    mutating func append(_ x: Double) {
        let i = (head + count) % storage.count
        if count == storage.count {
            storage[head] = x
            head = (head + 1) % storage.count
        } else {
            storage[i] = x
            count += 1
        }
    }

    /// The `i`-th oldest value.
    subscript(_ i: Int) -> Double { storage[(head + i) % storage.count] }

    /// The newest value.
    var last: Double { self[count - 1] }
}
