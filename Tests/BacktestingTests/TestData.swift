import Foundation
import XCTest

@testable import Backtesting

/// Test-only helpers: a small CSV reader for ../shared/data, oracle fixtures, a plain rolling mean.
enum TestData {
    /// The repository root (Tests/BacktestingTests/TestData.swift → ../../).
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// ../shared/data next to the repository.
    static let sharedData = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    /// Fixtures written by scripts/oracles.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Reads a bars CSV, finding columns by header name (case-insensitive).
    static func loadCSV(_ name: String) throws -> BacktestBars {
        let text = try String(contentsOf: sharedData.appendingPathComponent(name), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)
        let header = lines.removeFirst().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else { throw CocoaError(.fileReadCorruptFile) }
            return i
        }
        let (d, o, h, l, c, v) = try (column("date"), column("open"), column("high"), column("low"), column("close"),
                                      column("volume"))
        var time: [Int64] = [], open: [Double] = [], high: [Double] = [], low: [Double] = [], close: [Double] = []
        var volume: [Double] = []
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            time.append(try parseTime(f[d]))
            open.append(Double(f[o]) ?? .nan)
            high.append(Double(f[h]) ?? .nan)
            low.append(Double(f[l]) ?? .nan)
            close.append(Double(f[c]) ?? .nan)
            volume.append(Double(f[v]) ?? .nan)
        }
        return try BacktestBars(time: time, open: open, high: high, low: low, close: close, volume: volume)
    }

    /// "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" as naive epoch seconds.
    static func parseTime(_ s: String) throws -> Int64 {
        let parts = s.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "T" }).compactMap { Int64($0) }
        guard parts.count >= 3 else { throw CocoaError(.fileReadCorruptFile) }
        let day = CalendarMath.dayNumber(year: parts[0], month: parts[1], day: parts[2])
        var seconds = day * 86_400
        if parts.count >= 6 { seconds += parts[3] * 3600 + parts[4] * 60 + parts[5] }
        return seconds
    }

    /// Loads a JSON fixture.
    static func fixture(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Rolling mean as pandas computes it (`Series.rolling(n).mean()`): a running sum with Kahan compensation for
    /// adds and removes, a run of equal values giving that value exactly. A fresh sum per window would differ in
    /// the last bit, and on real prices SMA ties happen (SP500 1-minute, bar 722): the tie must come out as a tie,
    /// as it does in backtesting.py, or a cross appears that backtesting.py never saw.
    static func sma(_ x: [Double], _ n: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: x.count)
        guard !x.isEmpty else { return out }
        var sum = 0.0, addCompensation = 0.0, removeCompensation = 0.0
        var count = 0, negatives = 0, sameRun = 0
        var previous = x[0]
        for i in 0..<x.count {
            if i >= n {
                let v = x[i - n]
                count -= 1
                let y = -v - removeCompensation
                let t = sum + y
                removeCompensation = t - sum - y
                sum = t
                if v.sign == .minus { negatives -= 1 }
            }
            let v = x[i]
            count += 1
            let y = v - addCompensation
            let t = sum + y
            addCompensation = t - sum - y
            sum = t
            if v.sign == .minus { negatives += 1 }
            sameRun = v == previous ? sameRun + 1 : 1
            previous = v
            if count >= n {
                var r = sum / Double(count)
                if sameRun >= count { r = previous } else if negatives == 0, r < 0 { r = 0 } else if negatives == count, r > 0 { r = 0 }
                out[i] = r
            }
        }
        return out
    }

    /// backtesting.py's `crossover(a, b)` at every bar: a[i-1] < b[i-1] and a[i] > b[i].
    static func crossover(_ a: [Double], _ b: [Double]) -> [Bool] {
        var out = [Bool](repeating: false, count: a.count)
        for i in 1..<a.count { out[i] = a[i - 1] < b[i - 1] && a[i] > b[i] }
        return out
    }

    /// A synthetic random walk (deterministic), with plausible OHLC around it.
    static func randomWalk(count: Int, seed: UInt64 = 42, start: Int64 = 946_684_800, step: Int64 = 86_400)
        -> BacktestBars
    {
        var rng = SplitMix64(seed: seed)
        var price = 100.0
        var time = [Int64](), open = [Double](), high = [Double](), low = [Double](), close = [Double]()
        for i in 0..<count {
            let o = price * (1 + 0.002 * (rng.nextDouble() - 0.5))
            let c = o * (1 + 0.04 * (rng.nextDouble() - 0.5))
            let h = max(o, c) * (1 + 0.01 * rng.nextDouble())
            let l = min(o, c) * (1 - 0.01 * rng.nextDouble())
            time.append(start + Int64(i) * step)
            open.append(o)
            high.append(h)
            low.append(l)
            close.append(c)
            price = c
        }
        return try! BacktestBars(time: time, open: open, high: high, low: low, close: close)
    }
}

/// A small deterministic generator for tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func normal() -> Double {
        let u1 = max(nextDouble(), 1e-300), u2 = nextDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// Asserts |actual − expected| ≤ tolerance × max(|expected|, tiny), treating NaN == NaN (nil expected) as equal.
func assertRelative(
    _ actual: Double, _ expected: Double?, _ tolerance: Double = 1e-9, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    guard let expected else {
        XCTAssertTrue(actual.isNaN || actual.isInfinite, "\(message): expected NaN, got \(actual)", file: file, line: line)
        return
    }
    let scale = max(abs(expected), 1e-300)
    XCTAssertLessThanOrEqual(
        abs(actual - expected) / scale, tolerance, "\(message): \(actual) vs expected \(expected)", file: file,
        line: line)
}
