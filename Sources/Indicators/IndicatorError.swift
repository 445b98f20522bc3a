/// An error raised when an indicator is called with arguments it cannot use.
public enum IndicatorError: Error, Equatable, CustomStringConvertible {
    /// A parameter is outside the range TA-Lib accepts.
    case parameterOutOfRange(indicator: String, parameter: String, value: Double, range: ClosedRange<Double>)
    /// A parameter that must be an integer was given a fractional value.
    case parameterNotInteger(indicator: String, parameter: String, value: Double)
    /// The input columns do not all have the same length.
    case lengthMismatch(indicator: String, lengths: [Int])
    /// The wrong number of input columns or parameters was supplied.
    case wrongArity(indicator: String, what: String, expected: Int, got: Int)
    /// No indicator with that name exists in the catalog.
    case unknownIndicator(String)
    /// The moving-average type is not implemented.
    case unsupportedMAType(indicator: String, value: Int)

    public var description: String {
        switch self {
        case let .parameterOutOfRange(ind, p, v, r):
            return "\(ind): parameter \(p) = \(fmt(v)) is out of range; expected "
                + "\(fmt(r.lowerBound))...\(fmt(r.upperBound))"
        case let .parameterNotInteger(ind, p, v):
            return "\(ind): parameter \(p) = \(v) must be an integer"
        case let .lengthMismatch(ind, lengths):
            let got = lengths.map(String.init).joined(separator: ", ")
            return "\(ind): input columns must have the same length, got \(got)"
        case let .wrongArity(ind, what, expected, got):
            return "\(ind): expected \(expected) \(what), got \(got)"
        case let .unknownIndicator(name):
            return "unknown indicator '\(name)'; see IndicatorSpec.all for the available names"
        case let .unsupportedMAType(ind, v):
            return "\(ind): matype \(v) is not supported; use 0 SMA, 1 EMA, 2 WMA, 3 DEMA, 4 TEMA or 6 KAMA"
        }
    }
}

private func fmt(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
}
