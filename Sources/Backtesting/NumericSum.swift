/// Summation in NumPy's order (pairwise, 8 accumulators, blocks of 128), so sums and means agree with
/// pandas/NumPy to the last bit or nearly so.
enum NumericSum {
    /// `np.add.reduce` on a contiguous float64 array.
    static func pairwise(_ values: UnsafeBufferPointer<Double>) -> Double {
        pairwise(values.baseAddress, count: values.count)
    }

    /// Convenience for arrays.
    static func pairwise(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { pairwise($0) }
    }

    /// Mean in NumPy's order; NaN for an empty array.
    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : pairwise(values) / Double(values.count)
    }

    /// Variance as pandas computes it (mean first, then the sum of squared deviations), with `ddof`.
    static func variance(_ values: [Double], ddof: Int = 1) -> Double {
        let n = values.count
        guard n > ddof else { return .nan }
        let m = pairwise(values) / Double(n)
        let squares = values.map { ($0 - m) * ($0 - m) }
        return pairwise(squares) / Double(n - ddof)
    }

    private static func pairwise(_ a: UnsafePointer<Double>?, count n: Int) -> Double {
        guard let a, n > 0 else { return n == 0 ? 0 : .nan }
        if n < 8 {
            var s = -0.0
            for i in 0..<n { s += a[i] }
            return s
        } else if n <= 128 {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            while i < n - (n % 8) {
                r0 += a[i]
                r1 += a[i + 1]
                r2 += a[i + 2]
                r3 += a[i + 3]
                r4 += a[i + 4]
                r5 += a[i + 5]
                r6 += a[i + 6]
                r7 += a[i + 7]
                i += 8
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n {
                res += a[i]
                i += 1
            }
            return res
        } else {
            var n2 = n / 2
            n2 -= n2 % 8
            return pairwise(a, count: n2) + pairwise(a + n2, count: n - n2)
        }
    }
}
