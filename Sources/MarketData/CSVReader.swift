import Foundation

/// Fast CSV loader for bars: parses bytes in place (no per-field strings), exact float parsing.
public enum CSVReader {
    /// Reads bars from the CSV file at `path`.
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws(CSVError)
        -> (bars: BarSeries, report: CSVReadReport)
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CSVError(kind: .unreadable, file: path, line: 0, column: 0, message: "cannot read the file")
        }
        return try parse(data: data, file: path, options: options)
    }

    /// Reads bars from CSV text (`file` labels error messages).
    public static func parse(text: String, file: String = "<text>", options: CSVOptions = CSVOptions())
        throws(CSVError) -> (bars: BarSeries, report: CSVReadReport)
    {
        try parse(data: Data(text.utf8), file: file, options: options)
    }

    /// Reads bars from CSV bytes (`file` labels error messages).
    public static func parse(data: Data, file: String, options: CSVOptions = CSVOptions()) throws(CSVError)
        -> (bars: BarSeries, report: CSVReadReport)
    {
        let result: Result<(BarSeries, CSVReadReport), CSVError> = data.withUnsafeBytes { raw in
            let p = raw.bindMemory(to: UInt8.self)
            do throws(CSVError) {
                var parser = Parser(p.baseAddress ?? UnsafePointer(bitPattern: 1)!, p.count, file, options)
                return .success(try parser.run())
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case let .success(r): return (r.0, r.1)
        case let .failure(e): throw e
        }
    }
}

/// Column roles in a CSV header.
private enum Role: Equatable {
    case ignore, time, open, high, low, close, volume, adjClose
    case extra(Int)
}

private struct Parser {
    let p: UnsafePointer<UInt8>
    let n: Int
    let file: String
    let options: CSVOptions
    var pos = 0
    var line = 0

    init(_ p: UnsafePointer<UInt8>, _ n: Int, _ file: String, _ options: CSVOptions) {
        self.p = p
        self.n = n
        self.file = file
        self.options = options
    }

    func error(_ kind: CSVError.Kind, _ column: Int, _ message: String, line: Int? = nil) -> CSVError {
        CSVError(kind: kind, file: file, line: line ?? self.line, column: column, message: message)
    }

    /// End of the current line (position of `\n` or `n`).
    @inline(__always)
    func lineEnd(_ from: Int) -> Int {
        if let q = memchr(p + from, 10, n - from) {
            return UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - p
        }
        return n
    }

    static func fieldText(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + a, count: Swift.max(0, b - a)), as: UTF8.self)
    }

    /// Splits `[a, b)` on the delimiter, trimming spaces and surrounding quotes.
    func fields(_ a: Int, _ b: Int, into out: inout [(Int, Int)]) {
        out.removeAll(keepingCapacity: true)
        var s = a
        var i = a
        let d = options.delimiter
        while true {
            if i < b && p[i] == UInt8(ascii: "\"") && i == s {
                // Quoted field: up to the closing quote.
                var j = i + 1
                while j < b && p[j] != UInt8(ascii: "\"") { j += 1 }
                out.append((i + 1, j))
                i = j + 1
                while i < b && p[i] != d { i += 1 }
                if i >= b { return }
                i += 1
                s = i
                continue
            }
            if i == b || p[i] == d {
                var fa = s
                var fb = i
                while fa < fb && p[fa] == 32 { fa += 1 }
                while fb > fa && p[fb - 1] == 32 { fb -= 1 }
                out.append((fa, fb))
                if i == b { return }
                s = i + 1
            }
            i += 1
        }
    }

    mutating func run() throws(CSVError) -> (BarSeries, CSVReadReport) {
        var report = CSVReadReport()
        // Skip a UTF-8 byte-order mark.
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { pos = 3 }
        // Header.
        line = 1
        var e = lineEnd(pos)
        var b = e
        if b > pos && p[b - 1] == 13 { b -= 1 }
        var spans: [(Int, Int)] = []
        fields(pos, b, into: &spans)
        let names = spans.map { Self.fieldText(p, $0.0, $0.1) }
        var roles = [Role](repeating: .ignore, count: names.count)
        var extraNames: [String] = []
        let timeNames = options.timeColumn.map { [$0.lowercased()] }
            ?? ["date", "datetime", "time", "timestamp", "date_time"]
        for (i, raw) in names.enumerated() {
            let k = raw.lowercased()
            let role: Role
            switch k {
            case _ where timeNames.contains(k) && !roles.contains(.time): role = .time
            case "open", "o": role = .open
            case "high", "h": role = .high
            case "low", "l": role = .low
            case "close", "c": role = .close
            case "volume", "vol", "v": role = .volume
            case "adj close", "adj_close", "adjclose", "adjusted close", "adjusted_close": role = .adjClose
            default:
                if options.keepExtraColumns && !raw.isEmpty {
                    role = .extra(extraNames.count)
                    extraNames.append(raw)
                } else {
                    role = .ignore
                }
            }
            roles[i] = role
        }
        for (need, label) in [(Role.time, "a time column (Date, Datetime, Time or Timestamp)"), (.open, "Open"),
                              (.high, "High"), (.low, "Low"), (.close, "Close")] where !roles.contains(need) {
            throw error(.missingColumn, 0, "missing \(label) in the header; found \(names.joined(separator: ","))")
        }
        let hasVolume = roles.contains(.volume)
        let hasAdj = roles.contains(.adjClose)
        if hasAdj && !options.adjust && options.keepExtraColumns {
            for i in roles.indices where roles[i] == .adjClose {
                roles[i] = .extra(extraNames.count)
                extraNames.append(names[i])
            }
        }
        let useAdj = hasAdj && options.adjust
        let nFields = names.count
        // Storage, sized from the header line length.
        let estimate = Swift.max(16, n / Swift.max(16, e - pos + 1))
        var time = [Int64]()
        var o = [Double]()
        var h = [Double]()
        var l = [Double]()
        var c = [Double]()
        var v = [Double]()
        var adj = [Double]()
        var extras = [[Double]](repeating: [], count: extraNames.count)
        time.reserveCapacity(estimate)
        o.reserveCapacity(estimate)
        h.reserveCapacity(estimate)
        l.reserveCapacity(estimate)
        c.reserveCapacity(estimate)
        if hasVolume { v.reserveCapacity(estimate) }
        if useAdj { adj.reserveCapacity(estimate) }
        var rowVals = [Double](repeating: .nan, count: 8 + extraNames.count)
        var orderViolation: (line: Int, duplicate: Bool)? = nil
        var prevTime = Int64.min
        pos = e + 1
        while pos < n {
            line += 1
            e = lineEnd(pos)
            b = e
            if b > pos && p[b - 1] == 13 { b -= 1 }
            defer { pos = e + 1 }
            if b == pos { continue }  // blank line
            var rowTime: Int64 = 0
            var field = 0
            var s = pos
            var bad: CSVError? = nil
            for k in rowVals.indices { rowVals[k] = .nan }
            // Walk the fields of this line.
            while true {
                var i = s
                var fa = s
                var fb: Int
                if i < b && p[i] == UInt8(ascii: "\"") {
                    fa = i + 1
                    i += 1
                    while i < b && p[i] != UInt8(ascii: "\"") { i += 1 }
                    fb = i
                    while i < b && p[i] != options.delimiter { i += 1 }
                } else {
                    while i < b && p[i] != options.delimiter { i += 1 }
                    fb = i
                    while fa < fb && p[fa] == 32 { fa += 1 }
                    while fb > fa && p[fb - 1] == 32 { fb -= 1 }
                }
                if field < nFields {
                    switch roles[field] {
                    case .ignore: break
                    case .time:
                        if let t = TimeParsing.parse(p + fa, fb - fa) {
                            rowTime = t
                        } else {
                            bad = error(.badField, field + 1,
                                        "expected a date/time in column '\(names[field])' (YYYY-MM-DD, "
                                            + "YYYY-MM-DD HH:MM:SS, M/D/YYYY H:MM or epoch seconds/ms), found "
                                            + "'\(Self.fieldText(p, fa, fb))'")
                        }
                    case let .extra(k):
                        rowVals[8 + k] = parseNumber(p + fa, fb - fa) ?? .nan
                    default:
                        if let x = parseNumber(p + fa, fb - fa) {
                            rowVals[slot(roles[field])] = x
                        } else {
                            bad = error(.badField, field + 1,
                                        "expected a number in column '\(names[field])', found "
                                            + "'\(Self.fieldText(p, fa, fb))'")
                        }
                    }
                }
                field += 1
                if bad != nil || i >= b { break }
                s = i + 1
            }
            if bad == nil && field != nFields {
                bad = error(field < nFields ? .missingField : .badField, Swift.min(field, nFields) + 1,
                            "expected \(nFields) fields as in the header, found \(field)")
            }
            if let err = bad {
                if options.skipBadRows {
                    report.skippedRows += 1
                    if report.errors.count < 10 { report.errors.append(err) }
                    continue
                }
                throw err
            }
            if rowTime <= prevTime && orderViolation == nil {
                orderViolation = (line, rowTime == prevTime)
                if options.order == .error {
                    let msg = rowTime == prevTime
                        ? "duplicate timestamp \(TimeParsing.formatDateTime(rowTime, separator: " ")); "
                            + "pass order: .sortAndDeduplicate to keep the last row of each time"
                        : "timestamp \(TimeParsing.formatDateTime(rowTime, separator: " ")) is earlier than the "
                            + "previous row's; pass order: .sort to sort the rows"
                    throw error(rowTime == prevTime ? .duplicate : .unsorted, 1, msg)
                }
            }
            prevTime = rowTime
            time.append(rowTime)
            o.append(rowVals[1])
            h.append(rowVals[2])
            l.append(rowVals[3])
            c.append(rowVals[4])
            if hasVolume { v.append(rowVals[5]) }
            if useAdj { adj.append(rowVals[6]) }
            for k in extras.indices { extras[k].append(rowVals[8 + k]) }
        }
        if !hasVolume { v = [Double](repeating: .nan, count: time.count) }
        if useAdj {
            for i in 0..<c.count {
                let f = adj[i] / c[i]
                o[i] *= f
                h[i] *= f
                l[i] *= f
                c[i] = adj[i]
            }
            report.adjusted = true
        }
        var bars = BarSeries(unchecked: time, o, h, l, c, v, extraNames: extraNames, extraColumns: extras)
        if orderViolation != nil {
            let perm = (0..<time.count).sorted { time[$0] != time[$1] ? time[$0] < time[$1] : $0 < $1 }
            var keep = perm
            if options.order == .sortAndDeduplicate {
                keep = []
                keep.reserveCapacity(perm.count)
                for (k, idx) in perm.enumerated() {
                    if k + 1 < perm.count && time[perm[k + 1]] == time[idx] { continue }
                    keep.append(idx)
                }
                report.duplicatesDropped = perm.count - keep.count
            }
            report.sorted = true
            bars = bars.select(keep)
        }
        return (bars, report)
    }

    @inline(__always)
    func slot(_ r: Role) -> Int {
        switch r {
        case .open: return 1
        case .high: return 2
        case .low: return 3
        case .close: return 4
        case .volume: return 5
        case .adjClose: return 6
        default: return 7
        }
    }
}

/// Powers of ten exactly representable as doubles.
private let exactPowersOf10: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
]

/// Parses a decimal number exactly (correctly rounded); empty, `NaN`, `nan`, `null` and `NA` give NaN; nil when
/// the field is not a number.
///
/// Simple decimals with at most 15 significant digits take an exact fast path (an integer mantissa and one
/// correctly rounded multiplication or division by an exact power of ten); anything else goes to `strtod`.
@inline(__always)
public func parseNumber(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
    if n == 0 { return .nan }
    var i = 0
    var neg = false
    if p[0] == UInt8(ascii: "-") {
        neg = true
        i = 1
    } else if p[0] == UInt8(ascii: "+") {
        i = 1
    }
    var mant: UInt64 = 0
    var digits = 0
    var fracDigits = 0
    var sawDot = false
    var sawDigit = false
    while i < n {
        let ch = p[i]
        if ch >= 48 && ch <= 57 {
            sawDigit = true
            if mant == 0 && ch == 48 {
                if sawDot { fracDigits += 1 }
            } else {
                mant = mant &* 10 &+ UInt64(ch - 48)
                digits += 1
                if sawDot { fracDigits += 1 }
            }
        } else if ch == UInt8(ascii: ".") && !sawDot {
            sawDot = true
        } else {
            break
        }
        i += 1
    }
    if i == n && sawDigit && digits <= 15 && fracDigits <= 22 {
        var x = Double(mant)
        if fracDigits > 0 { x /= exactPowersOf10[fracDigits] }
        return neg ? -x : x
    }
    return parseNumberSlow(p, n)
}

/// strtod on a NUL-terminated copy, requiring the whole field to be consumed.
private func parseNumberSlow(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
    guard n < 128 else { return nil }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> Double? in
        for i in 0..<n { buf[i] = CChar(bitPattern: p[i]) }
        buf[n] = 0
        let s = buf.baseAddress!
        switch n {
        case 2 where (p[0] | 0x20) == UInt8(ascii: "n") && (p[1] | 0x20) == UInt8(ascii: "a"): return .nan
        case 3 where (p[0] | 0x20) == UInt8(ascii: "n") && (p[1] | 0x20) == UInt8(ascii: "a")
            && (p[2] | 0x20) == UInt8(ascii: "n"): return .nan
        case 4 where (p[0] | 0x20) == UInt8(ascii: "n") && (p[1] | 0x20) == UInt8(ascii: "u")
            && (p[2] | 0x20) == UInt8(ascii: "l") && (p[3] | 0x20) == UInt8(ascii: "l"): return .nan
        default: break
        }
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = strtod(s, &end)
        guard let end, end == s + n, n > 0 else { return nil }
        // Reject hex floats and words strtod would accept.
        for i in 0..<n where p[i] == UInt8(ascii: "x") || p[i] == UInt8(ascii: "X") { return nil }
        return v
    }
}
