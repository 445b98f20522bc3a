import Foundation

/// How axis tick labels (and table cells) show numbers.
public enum ValueFormat: Sendable, Equatable {
    /// Plain numbers with as many decimals as the tick step needs ("0.25", "1200").
    case number
    /// Prices: thousands separators and at least two decimals ("1,234.50").
    case price
    /// Fractions shown as percentages (0.05 → "5%").
    case percent
    /// Large magnitudes shortened with k/M/B ("1.2M"), e.g. for volume.
    case compact
}

/// One tick on an axis: a data value and its label.
struct Tick: Sendable, Equatable {
    var value: Double
    var label: String
}

/// Nice numeric ticks ("1, 2, 2.5, 5 × 10^k" steps) covering `[lo, hi]`.
enum NiceTicks {
    /// A step of the form {1, 2, 2.5, 5} × 10^k close to `span / target`.
    static func step(span: Double, target: Int) -> Double {
        let raw = span / Double(max(1, target))
        guard raw.isFinite, raw > 0 else { return 1 }
        let mag = pow(10, floor(log10(raw)))
        let f = raw / mag
        let nice: Double = f < 1.5 ? 1 : (f < 2.25 ? 2 : (f < 3.5 ? 2.5 : (f < 7.5 ? 5 : 10)))
        return nice * mag
    }

    /// The domain widened to multiples of the step, and the tick values inside it.
    static func ticks(lo: Double, hi: Double, target: Int = 6, extend: Bool = true) -> (lo: Double, hi: Double, step: Double, values: [Double]) {
        var lo = lo, hi = hi
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if hi <= lo {
            let pad = lo == 0 ? 1 : abs(lo) * 0.05
            lo -= pad
            hi += pad
        }
        let step = Self.step(span: hi - lo, target: target)
        let nlo = extend ? floor(lo / step + 1e-9) * step : lo
        let nhi = extend ? ceil(hi / step - 1e-9) * step : hi
        var values: [Double] = []
        var k = ceil(nlo / step - 1e-9)
        while true {
            let v = k * step
            if v > nhi + step * 1e-9 || values.count > 200 { break }
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        return (nlo, nhi, step, values)
    }

    /// Number of decimals needed to tell ticks `step` apart.
    static func decimals(for step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 2 }
        var d = 0
        var s = step
        while d < 10 && abs(s - s.rounded()) > 1e-6 * max(1, abs(s)) {
            s *= 10
            d += 1
        }
        return d
    }
}

/// Formats a value for a label, given the format and the spacing of neighbouring values.
func formatValue(_ v: Double, _ format: ValueFormat, step: Double? = nil) -> String {
    guard v.isFinite else { return v.isNaN ? "–" : (v > 0 ? "∞" : "-∞") }
    switch format {
    case .number:
        let d = step.map { NiceTicks.decimals(for: $0) } ?? autoDecimals(v)
        if abs(v) >= 1e7 && (step ?? 1) >= 1 { return formatCompact(v, step: step) }
        return formatPlain(v, decimals: d)
    case .price:
        // whole-number steps of 10 and more (equity in thousands) need no cents; finer steps keep at least two
        let d = step.map { $0 >= 10 ? NiceTicks.decimals(for: $0) : max(2, NiceTicks.decimals(for: $0)) } ?? 2
        return groupThousands(formatPlain(v, decimals: min(d, 8)))
    case .percent:
        let d = step.map { NiceTicks.decimals(for: $0 * 100) } ?? (abs(v) < 0.1 ? 2 : 1)
        return formatPlain(v * 100, decimals: min(d, 6)) + "%"
    case .compact:
        return formatCompact(v, step: step)
    }
}

private func autoDecimals(_ v: Double) -> Int {
    let a = abs(v)
    if a == 0 || a >= 1000 { return 0 }
    if a >= 10 { return 2 }
    if a >= 0.01 { return 4 }
    return 6
}

private func formatCompact(_ v: Double, step: Double?) -> String {
    let a = abs(v)
    let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
    for (scale, suffix) in units where a >= scale {
        let d = step.map { max(0, NiceTicks.decimals(for: $0 / scale)) } ?? 1
        var s = formatPlain(v / scale, decimals: min(d, 3))
        if s.contains(".") && step == nil {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s + suffix
    }
    let d = step.map { NiceTicks.decimals(for: $0) } ?? (a >= 10 ? 0 : 2)
    return formatPlain(v, decimals: d)
}

/// "1234567.5" → "1,234,567.5".
func groupThousands(_ s: String) -> String {
    var sign = ""
    var body = Substring(s)
    if body.hasPrefix("-") {
        sign = "-"
        body = body.dropFirst()
    }
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let intPart = Array(parts[0])
    guard intPart.count > 3 else { return s }
    var out: [Character] = []
    for (i, c) in intPart.enumerated() {
        if i > 0 && (intPart.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return sign + String(out) + (parts.count > 1 ? "." + parts[1] : "")
}

// MARK: - Time axis

/// A UTC calendar date and time, computed from epoch seconds without Foundation's Calendar.
struct CivilTime: Sendable, Equatable {
    var year: Int
    var month: Int  // 1...12
    var day: Int  // 1...31
    var hour: Int
    var minute: Int
    var second: Int

    /// Converts epoch seconds (UTC).
    init(epoch: Int64) {
        let days = Int(epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400)
        let secs = Int(epoch - Int64(days) * 86_400)
        (year, month, day) = civilFromDays(days)
        hour = secs / 3600
        minute = (secs % 3600) / 60
        second = secs % 60
    }

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Epoch seconds (UTC).
    var epoch: Int64 {
        Int64(daysFromCivil(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (m + 9) % 12
    let doy = (153 * mp + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
}

let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

private func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

/// Calendar-aligned ticks for an epoch-seconds axis, labelled with dates or times as the span requires.
enum TimeTicks {
    private enum Unit { case second, day, month, year }

    private static let steps: [(Unit, Int)] = [
        (.second, 1), (.second, 5), (.second, 15), (.second, 30), (.second, 60), (.second, 300), (.second, 900),
        (.second, 1800), (.second, 3600), (.second, 3 * 3600), (.second, 6 * 3600), (.second, 12 * 3600),
        (.day, 1), (.day, 2), (.day, 7), (.day, 14), (.month, 1), (.month, 2), (.month, 3), (.month, 6),
        (.year, 1), (.year, 2), (.year, 5), (.year, 10), (.year, 20), (.year, 50), (.year, 100),
    ]

    private static func approxSeconds(_ s: (Unit, Int)) -> Double {
        switch s.0 {
        case .second: return Double(s.1)
        case .day: return Double(s.1) * 86_400
        case .month: return Double(s.1) * 30.44 * 86_400
        case .year: return Double(s.1) * 365.25 * 86_400
        }
    }

    /// Ticks inside `[lo, hi]` (epoch seconds), about `target` of them.
    static func ticks(lo: Double, hi: Double, target: Int = 6) -> [Tick] {
        guard lo.isFinite, hi.isFinite, hi > lo else {
            if lo.isFinite { return [Tick(value: lo, label: label(Int64(lo), unit: .second, step: 1, first: true))] }
            return []
        }
        let want = (hi - lo) / Double(max(1, target))
        var choice = steps.last!
        for s in steps where approxSeconds(s) >= want * 0.8 {
            choice = s
            break
        }
        var values: [Int64] = []
        let ilo = Int64(lo.rounded(.down)), ihi = Int64(hi.rounded(.up))
        switch choice.0 {
        case .second, .day:
            let step = Int64(choice.0 == .day ? choice.1 * 86_400 : choice.1)
            var t = ilo >= 0 ? (ilo + step - 1) / step * step : ilo / step * step
            if choice.0 == .day && choice.1 == 7 {
                // weeks start on Monday: 1970-01-01 was a Thursday, so Mondays are 4 days later mod 7
                let monday0: Int64 = 4 * 86_400
                t = ((ilo - monday0 + step - 1) / step) * step + monday0
            }
            while t <= ihi && values.count < 500 {
                if t >= ilo { values.append(t) }
                t += step
            }
        case .month:
            let c = CivilTime(epoch: ilo)
            var y = c.year, m = c.month
            // round up to the next multiple-of-step month start
            if c.day != 1 || c.hour != 0 || c.minute != 0 || c.second != 0 { m += 1 }
            while (m - 1) % choice.1 != 0 { m += 1 }
            while m > 12 { m -= 12; y += 1 }
            while values.count < 500 {
                let t = CivilTime(year: y, month: m, day: 1).epoch
                if t > ihi { break }
                values.append(t)
                m += choice.1
                while m > 12 { m -= 12; y += 1 }
            }
        case .year:
            let c = CivilTime(epoch: ilo)
            var y = c.year
            if c.month != 1 || c.day != 1 || c.hour != 0 || c.minute != 0 || c.second != 0 { y += 1 }
            while y % choice.1 != 0 { y += 1 }
            while values.count < 500 {
                let t = CivilTime(year: y, month: 1, day: 1).epoch
                if t > ihi { break }
                values.append(t)
                y += choice.1
            }
        }
        var out: [Tick] = []
        var previous: CivilTime? = nil
        for t in values {
            let c = CivilTime(epoch: t)
            let first = previous == nil || previous!.year != c.year
                || (choice.0 == .second && previous!.day != c.day)
            out.append(Tick(value: Double(t), label: label(t, unit: choice.0, step: choice.1, first: first)))
            previous = c
        }
        return out
    }

    private static func label(_ t: Int64, unit: Unit, step: Int, first: Bool) -> String {
        let c = CivilTime(epoch: t)
        switch unit {
        case .year:
            return "\(c.year)"
        case .month:
            return c.month == 1 || first ? "\(monthNames[c.month - 1]) \(c.year)" : monthNames[c.month - 1]
        case .day:
            return first ? "\(monthNames[c.month - 1]) \(c.day) \(c.year)" : "\(monthNames[c.month - 1]) \(c.day)"
        case .second:
            let hm = step < 60 ? "\(two(c.hour)):\(two(c.minute)):\(two(c.second))" : "\(two(c.hour)):\(two(c.minute))"
            return first || (c.hour == 0 && c.minute == 0 && c.second == 0)
                ? "\(monthNames[c.month - 1]) \(c.day) \(hm)" : hm
        }
    }
}

/// Formats epoch seconds as an ISO-like date ("2024-03-05") or date-time ("2024-03-05 14:30") in UTC.
public func formatDate(_ epoch: Int64, withTime: Bool = false) -> String {
    let c = CivilTime(epoch: epoch)
    let d = "\(c.year)-\(two(c.month))-\(two(c.day))"
    return withTime ? d + " \(two(c.hour)):\(two(c.minute))" : d
}
