/// Parses and formats bar times (epoch seconds; zone-less text is read as UTC wall-clock time).
public enum TimeParsing {
    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    @inline(__always)
    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }

    /// The calendar date of a day count since 1970-01-01.
    @inline(__always)
    public static func civilFromDays(_ z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// Parses a time field; returns nil when it matches none of the supported formats.
    ///
    /// Formats: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS[.fff]]`, `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`,
    /// `M/D/YYYY[ H:MM[:SS]]`, epoch seconds, epoch milliseconds (13+ digits).
    public static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n > 0 else { return nil }
        // All digits: epoch seconds or milliseconds.
        var allDigits = true
        var k = 0
        while k < n {
            let c = p[k]
            if c < 48 || c > 57 { allDigits = false; break }
            k += 1
        }
        if allDigits {
            if n > 18 { return nil }
            var v: Int64 = 0
            for i in 0..<n { v = v * 10 + Int64(p[i] - 48) }
            return n >= 13 ? v / 1000 : v
        }
        @inline(__always) func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= n else { return nil }
            var v = 0
            for i in at..<(at + count) {
                let c = p[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        /// Reads 1 or 2 digits at `i`, advancing it.
        @inline(__always) func shortNumber(_ i: inout Int) -> Int? {
            var v = 0
            var cnt = 0
            while i < n && cnt < 4, p[i] >= 48 && p[i] <= 57 {
                v = v * 10 + Int(p[i] - 48)
                i += 1
                cnt += 1
            }
            return cnt == 0 ? nil : v
        }
        var year = 0
        var month = 0
        var day = 0
        var i = 0
        if n >= 10 && p[4] == UInt8(ascii: "-") && p[7] == UInt8(ascii: "-") {
            guard let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2) else { return nil }
            year = y
            month = m
            day = d
            i = 10
        } else {
            // M/D/YYYY
            guard let m = shortNumber(&i), i < n, p[i] == UInt8(ascii: "/") else { return nil }
            i += 1
            guard let d = shortNumber(&i), i < n, p[i] == UInt8(ascii: "/") else { return nil }
            i += 1
            guard let y = shortNumber(&i) else { return nil }
            year = y < 100 ? 2000 + y : y
            month = m
            day = d
        }
        guard month >= 1 && month <= 12 && day >= 1 && day <= 31 else { return nil }
        var secs = daysFromCivil(year, month, day) * 86_400
        if i == n { return secs }
        guard p[i] == UInt8(ascii: " ") || p[i] == UInt8(ascii: "T") else { return nil }
        i += 1
        guard let hh = shortNumber(&i), i < n, p[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let mm = digits(i, 2) else { return nil }
        i += 2
        var ss = 0
        if i < n && p[i] == UInt8(ascii: ":") {
            guard let s = digits(i + 1, 2) else { return nil }
            ss = s
            i += 3
            if i < n && p[i] == UInt8(ascii: ".") {  // fractional seconds are dropped
                i += 1
                while i < n && p[i] >= 48 && p[i] <= 57 { i += 1 }
            }
        }
        guard hh < 24 && mm < 60 && ss < 61 else { return nil }
        secs += Int64(hh * 3600 + mm * 60 + ss)
        if i == n { return secs }
        if p[i] == UInt8(ascii: "Z") && i + 1 == n { return secs }
        if p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") {
            let sign: Int64 = p[i] == UInt8(ascii: "+") ? 1 : -1
            guard let oh = digits(i + 1, 2) else { return nil }
            var j = i + 3
            if j < n && p[j] == UInt8(ascii: ":") { j += 1 }
            let om = digits(j, 2) ?? 0
            if digits(j, 2) != nil { j += 2 }
            guard j == n else { return nil }
            return secs - sign * Int64(oh * 3600 + om * 60)
        }
        return nil
    }

    /// Parses a time string (see the pointer overload for the formats).
    public static func parse(_ s: String) -> Int64? {
        var s = s
        return s.withUTF8 { b in b.baseAddress.flatMap { parse($0, b.count) } }
    }

    /// `YYYY-MM-DD`.
    public static func formatDate(_ t: Int64) -> String {
        let (y, m, d) = civilFromDays(floorDiv(t, 86_400))
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// `YYYY-MM-DDTHH:MM:SS` (or with a space separator).
    public static func formatDateTime(_ t: Int64, separator: Character = "T") -> String {
        let day = floorDiv(t, 86_400)
        let s = Int(t - day * 86_400)
        return formatDate(t) + String(separator) + pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2) + ":" + pad(s % 60, 2)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
