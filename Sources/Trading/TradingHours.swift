import Foundation

/// The daily window in which orders may be sent, in an exchange time zone, e.g. `09:30-16:00` in New York, Mon–Fri.
public struct TradingHours: Sendable, Equatable, CustomStringConvertible {
    /// Minutes after midnight at which the window opens.
    public let openMinute: Int
    /// Minutes after midnight at which the window closes (exclusive); before `openMinute` for overnight sessions.
    public let closeMinute: Int
    /// The time zone the window is expressed in.
    public let timeZone: TimeZone
    /// The weekdays the window applies to, `Calendar` numbering (1 = Sunday … 7 = Saturday).
    public let weekdays: Set<Int>

    /// Monday to Friday in `Calendar` numbering.
    public static let weekdaysMondayToFriday: Set<Int> = [2, 3, 4, 5, 6]

    /// Creates a window from minutes after midnight.
    public init(openMinute: Int, closeMinute: Int, timeZone: TimeZone,
                weekdays: Set<Int> = TradingHours.weekdaysMondayToFriday) {
        self.openMinute = openMinute
        self.closeMinute = closeMinute
        self.timeZone = timeZone
        self.weekdays = weekdays
    }

    /// Parses `"HH:MM-HH:MM"`; returns `nil` when the text is not of that form or a time is out of range.
    public init?(parsing text: String, timeZone: TimeZone, weekdays: Set<Int> = TradingHours.weekdaysMondayToFriday) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let open = Self.minutes(parts[0]), let close = Self.minutes(parts[1]), open != close
        else { return nil }
        self.init(openMinute: open, closeMinute: close, timeZone: timeZone, weekdays: weekdays)
    }

    private static func minutes(_ text: Substring) -> Int? {
        let hm = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, hm[0].count <= 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]),
              (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }

    /// `09:30-16:00 America/New_York`.
    public var description: String {
        "\(Self.clock(openMinute))-\(Self.clock(closeMinute)) \(timeZone.identifier)"
    }

    /// Formats minutes after midnight as `HH:MM`.
    static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    /// The local wall-clock minute and weekday of `date` in the window's time zone.
    public func localTime(of date: Date) -> (minute: Int, weekday: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .weekday], from: date)
        return ((parts.hour ?? 0) * 60 + (parts.minute ?? 0), parts.weekday ?? 0)
    }

    /// Whether `date` falls inside the window (open inclusive, close exclusive).
    public func contains(_ date: Date) -> Bool {
        let (minute, weekday) = localTime(of: date)
        if openMinute < closeMinute {
            return weekdays.contains(weekday) && minute >= openMinute && minute < closeMinute
        }
        // Overnight session: the evening part belongs to the day it starts on, the morning part to the next day's
        // session that started the evening before (checked against the previous weekday).
        if minute >= openMinute { return weekdays.contains(weekday) }
        if minute < closeMinute { return weekdays.contains(weekday == 1 ? 7 : weekday - 1) }
        return false
    }
}

/// The trading day of a moment in a time zone, as `YYYY-MM-DD`: the key of daily loss limits and journal days.
public func tradingDay(of date: Date, in timeZone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let p = calendar.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0)
}
