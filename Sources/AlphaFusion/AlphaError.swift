/// Why an alpha signal, a fusion rule or a logistic regression could not be computed.
public enum AlphaError: Error, Equatable, CustomStringConvertible {
    /// A parameter is out of its range, e.g. a period below 2.
    case invalidParameter(function: String, name: String, value: Double, requirement: String)
    /// Inputs that must share one time index do not.
    case notAligned(function: String, detail: String)
    /// A required input is missing or empty (no signals to fuse, no features).
    case missingInput(function: String, detail: String)
    /// A label is neither 0, 1 nor NaN.
    case invalidLabel(index: Int, value: Double)
    /// The training range holds too few usable rows, or only one class.
    case insufficientTraining(String)
    /// Newton's method could not solve or did not converge.
    case notConverged(String)

    public var description: String {
        switch self {
        case let .invalidParameter(f, name, value, requirement):
            return "\(f): \(name) = \(value.isFinite ? Alpha.format(value) : String(value)) must be \(requirement)"
        case let .notAligned(f, detail): return "\(f): inputs are not aligned (\(detail))"
        case let .missingInput(f, detail): return "\(f): \(detail)"
        case let .invalidLabel(i, v): return "labels must be 0, 1 or NaN; label \(i + 1) is \(v)"
        case let .insufficientTraining(s): return s
        case let .notConverged(s): return s
        }
    }
}
