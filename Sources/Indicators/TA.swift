import Foundation

/// Namespace of the TA-Lib compatible indicator functions over `[Double]` columns.
///
/// Each function validates its parameters like TA-Lib, skips leading NaN inputs like the TA-Lib Python wrapper
/// (the output is NaN there), and returns columns as long as the input with NaN before the lookback.
public enum TA {}

extension TA {
    /// Throws unless `value` lies in `range`.
    @inline(__always)
    static func check(_ indicator: String, _ name: String, _ value: Int, _ range: ClosedRange<Int>)
        throws(IndicatorError)
    {
        guard range.contains(value) else {
            throw .parameterOutOfRange(
                indicator: indicator, parameter: name, value: Double(value),
                range: Double(range.lowerBound)...Double(range.upperBound))
        }
    }

    /// Throws unless `value` lies in `range`.
    @inline(__always)
    static func check(_ indicator: String, _ name: String, _ value: Double, _ range: ClosedRange<Double>)
        throws(IndicatorError)
    {
        guard range.contains(value) else {
            throw .parameterOutOfRange(indicator: indicator, parameter: name, value: value, range: range)
        }
    }

    /// Throws unless all columns have the same length.
    static func checkLengths(_ indicator: String, _ columns: [[Double]]) throws(IndicatorError) {
        let n = columns[0].count
        if columns.contains(where: { $0.count != n }) {
            throw .lengthMismatch(indicator: indicator, lengths: columns.map(\.count))
        }
    }

    /// Index of the first position where every column is a number (the TA-Lib Python wrapper's `begidx`).
    static func firstValid(_ columns: [UnsafeBufferPointer<Double>]) -> Int {
        let n = columns[0].count
        var i = 0
        outer: while i < n {
            for c in columns where c[i].isNaN {
                i += 1
                continue outer
            }
            return i
        }
        return n
    }

    /// Calls `body` with buffer pointers to every array, without copying.
    static func withPointers<R>(_ arrays: [[Double]], _ body: ([UnsafeBufferPointer<Double>]) -> R) -> R {
        func rec(_ i: Int, _ acc: [UnsafeBufferPointer<Double>]) -> R {
            if i == arrays.count { return body(acc) }
            return arrays[i].withUnsafeBufferPointer { rec(i + 1, acc + [$0]) }
        }
        return rec(0, [])
    }

    /// Creates `count` arrays of length `n` whose every element `body` must initialize.
    static func makeOutputs(_ count: Int, _ n: Int, _ body: ([UnsafeMutablePointer<Double>]) -> Void) -> [[Double]] {
        var results = [[Double]]()
        func rec(_ acc: [UnsafeMutablePointer<Double>]) {
            if acc.count == count {
                body(acc)
                return
            }
            let a = [Double](unsafeUninitializedCapacity: n) { buf, initialized in
                adviseHugePages(buf.baseAddress!, n * MemoryLayout<Double>.stride)
                rec(acc + [buf.baseAddress!])
                initialized = n
            }
            results.append(a)
        }
        if n == 0 { return [[Double]](repeating: [], count: count) }
        rec([])
        return results.reversed()
    }

    /// Runs `body` on the columns after their leading NaNs; `body` must write all `n` slots of each output.
    static func run(
        _ inputs: [[Double]], outputs: Int,
        _ body: ([UnsafePointer<Double>], Int, [UnsafeMutablePointer<Double>]) -> Void
    ) -> [[Double]] {
        let n = inputs[0].count
        return withPointers(inputs) { ins in
            let start = firstValid(ins)
            return makeOutputs(outputs, n) { outs in
                for o in outs { fillNaN(o, start, n) }
                guard start < n else { return }
                body(ins.map { $0.baseAddress! + start }, n - start, outs.map { $0 + start })
            }
        }
    }

    /// Single-input, single-output convenience over `run`.
    static func run1(_ x: [Double], _ body: (UnsafePointer<Double>, Int, UnsafeMutablePointer<Double>) -> Void)
        -> [Double]
    {
        run([x], outputs: 1) { i, n, o in body(i[0], n, o[0]) }[0]
    }
}

/// Asks the kernel to back a large, not yet touched buffer with transparent huge pages (as NumPy does), which
/// makes first-touch page faults 512 times rarer; a no-op for small buffers and on other systems.
@inline(__always)
func adviseHugePages(_ p: UnsafeMutableRawPointer, _ bytes: Int) {
    #if os(Linux)
        let huge = 2 << 20
        guard bytes >= 4 << 20 else { return }
        let start = (Int(bitPattern: p) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: p) + bytes) & ~(huge - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 14) }  // MADV_HUGEPAGE
    #endif
}

/// Fills `out[0..<min(count, n)]` with NaN.
@inline(__always)
func fillNaN(_ out: UnsafeMutablePointer<Double>, _ count: Int, _ n: Int) {
    let m = Swift.min(Swift.max(count, 0), n)
    if m > 0 { out.update(repeating: .nan, count: m) }
}

/// TA-Lib's `TA_IS_ZERO`: |x| < 1e-14.
@inline(__always)
func taIsZero(_ x: Double) -> Bool { -1e-14 < x && x < 1e-14 }

/// TA-Lib's true range of today's high/low against yesterday's close.
@inline(__always)
func trueRange(_ high: Double, _ low: Double, _ prevClose: Double) -> Double {
    var r = high - low
    let a = abs(high - prevClose)
    if a > r { r = a }
    let b = abs(low - prevClose)
    if b > r { r = b }
    return r
}
