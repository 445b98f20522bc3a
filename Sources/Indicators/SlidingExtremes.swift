/// Sliding-window maximum and minimum by van Herk/Gil-Werman blocks: O(1) per bar whatever the data, exact.
enum SlidingExtremes {
    /// Writes `maxOut[i] = max(hi[i-w+1...i])` and `minOut[i] = min(lo[i-w+1...i])` for `i` in `w-1..<n`.
    ///
    /// Values equal those of a rescanning window (max/min are exact); a NaN inside a window may be skipped.
    static func run(
        _ hi: UnsafePointer<Double>, _ lo: UnsafePointer<Double>, _ n: Int, window w: Int,
        _ maxOut: UnsafeMutablePointer<Double>, _ minOut: UnsafeMutablePointer<Double>
    ) {
        var sink = ArraySink(maxOut: maxOut, minOut: minOut)
        run(hi, lo, n, window: w, into: &sink)
    }

    /// Receives the extremes of each window, by the index of its last bar.
    protocol Sink {
        mutating func emit(_ i: Int, max: Double, min: Double)
    }

    /// Stores the extremes in two arrays.
    struct ArraySink: Sink {
        let maxOut: UnsafeMutablePointer<Double>
        let minOut: UnsafeMutablePointer<Double>

        @inline(__always)
        mutating func emit(_ i: Int, max: Double, min: Double) {
            maxOut[i] = max
            minOut[i] = min
        }
    }

    /// Calls `sink.emit` for every window end `i` in `w-1..<n`, in increasing order.
    @inline(__always)
    static func run<S: Sink>(
        _ hi: UnsafePointer<Double>, _ lo: UnsafePointer<Double>, _ n: Int, window w: Int, into sink: inout S
    ) {
        guard w >= 1, w <= n else { return }
        if w == 1 {
            for i in 0..<n { sink.emit(i, max: hi[i], min: lo[i]) }
            return
        }
        // Suffix extremes within each block of w, and prefix extremes within each block.
        let buf = UnsafeMutablePointer<Double>.allocate(capacity: 4 * w)
        defer { buf.deallocate() }
        let sufMax = buf, sufMin = buf + w, preMax = buf + 2 * w, preMin = buf + 3 * w
        var blockStart = 0
        // Window ending at i covers [i-w+1, i]; with blocks [b, b+w), it splits into the suffix of block b
        // from i-w+1 and the prefix of block b+w up to i.
        while blockStart + w - 1 < n {
            let b = blockStart
            // Suffix of block [b, b+w).
            var mx = hi[b + w - 1]
            var mn = lo[b + w - 1]
            sufMax[w - 1] = mx
            sufMin[w - 1] = mn
            var j = w - 2
            while j >= 0 {
                let h = hi[b + j]
                let l = lo[b + j]
                if h > mx { mx = h }
                if l < mn { mn = l }
                sufMax[j] = mx
                sufMin[j] = mn
                j -= 1
            }
            // Window ending at the block's last bar.
            sink.emit(b + w - 1, max: sufMax[0], min: sufMin[0])
            // Windows ending in the next block: prefix of [b+w, ...).
            let next = b + w
            let avail = Swift.min(w - 1, n - next)
            if avail > 0 {
                var pmx = hi[next]
                var pmn = lo[next]
                preMax[0] = pmx
                preMin[0] = pmn
                var q = 1
                while q < avail {
                    if hi[next + q] > pmx { pmx = hi[next + q] }
                    if lo[next + q] < pmn { pmn = lo[next + q] }
                    preMax[q] = pmx
                    preMin[q] = pmn
                    q += 1
                }
                var m = 1
                while m <= avail {
                    let a = sufMax[m]
                    let pb = preMax[m - 1]
                    let c = sufMin[m]
                    let d = preMin[m - 1]
                    sink.emit(next + m - 1, max: pb > a ? pb : a, min: d < c ? d : c)
                    m += 1
                }
            }
            blockStart += w
        }
    }
}
