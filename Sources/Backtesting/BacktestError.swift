/// Errors the backtester reports, each naming the input at fault so a user can act on it.
public enum BacktestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An input series has a different length from the bars (`name` has `count` values, the bars `expected`).
    case lengthMismatch(name: String, count: Int, expected: Int)
    /// An input series carries a time stamp that differs from the bar's at the same index.
    case timeMismatch(name: String, index: Int, time: Int64, barTime: Int64)
    /// A price is zero or negative (NaN is allowed and skips the bar).
    case nonPositivePrice(field: String, bar: Int, value: Double)
    /// Bar times must increase strictly.
    case timesNotIncreasing(bar: Int, previous: Int64, time: Int64)
    /// There are no bars to run over.
    case noBars
    /// The starting cash is zero, negative or not finite.
    case invalidCash(Double)
    /// A parameter is outside its valid range.
    case invalidParameter(name: String, value: String, reason: String)
    /// An option name is not known; `suggestion` is the nearest valid name, when one is close.
    case unknownOption(name: String, suggestion: String?, valid: [String])
    /// The run was cancelled by the caller's `shouldCancel` callback.
    case cancelled

    /// A message that names the cause and, where possible, the fix.
    public var description: String {
        switch self {
        case let .lengthMismatch(name, count, expected):
            return "\(name) has \(count) values but the bars have \(expected); give one value per bar"
        case let .timeMismatch(name, index, time, barTime):
            return "\(name) time at index \(index + 1) is \(time) but the bar's time is \(barTime); "
                + "align the series with the bars"
        case let .nonPositivePrice(field, bar, value):
            return "\(field) price at bar \(bar + 1) is \(value); prices must be > 0 (use NaN for a missing bar)"
        case let .timesNotIncreasing(bar, previous, time):
            return "bar times must increase: bar \(bar + 1) has time \(time) after \(previous); sort the bars"
        case .noBars:
            return "no bars to backtest"
        case let .invalidCash(cash):
            return "cash is \(cash); starting cash must be a positive finite number"
        case let .invalidParameter(name, value, reason):
            return "invalid \(name) = \(value): \(reason)"
        case let .unknownOption(name, suggestion, valid):
            if let suggestion { return "unknown option '\(name)'; did you mean '\(suggestion)'?" }
            return "unknown option '\(name)'; valid options: \(valid.joined(separator: ", "))"
        case .cancelled:
            return "backtest cancelled"
        }
    }
}
