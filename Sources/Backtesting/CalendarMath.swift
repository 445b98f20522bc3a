/// Calendar arithmetic on epoch seconds read as naive (UTC) wall-clock times, as pandas treats a naive index.
enum CalendarMath {
    /// Days since 1970-01-01 (floor division, so times before 1970 work too).
    @inline(__always)
    static func dayNumber(_ time: Int64) -> Int64 {
        time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
    }

    /// Day of week with Monday = 0 … Sunday = 6 (pandas `dayofweek`).
    static func dayOfWeek(_ time: Int64) -> Int {
        let d = dayNumber(time)
        return Int(((d + 3) % 7 + 7) % 7)
    }

    /// Civil (year, month, day) of a day number (Howard Hinnant's `civil_from_days`).
    static func civil(fromDay day: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = day + 719_468
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

    /// A key that is equal for times in the same calendar month.
    static func monthKey(_ time: Int64) -> Int64 {
        let c = civil(fromDay: dayNumber(time))
        return c.year * 12 + c.month
    }

    /// Day number of a civil date (Howard Hinnant's `days_from_civil`).
    static func dayNumber(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
