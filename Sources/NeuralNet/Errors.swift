/// Errors of the NeuralNet module; each message says what was wrong and what to do.
public enum NeuralNetError: Error, Equatable, CustomStringConvertible {
    /// The layer stack or a size is not valid.
    case invalidConfig(String)
    /// Input of the wrong shape for the model.
    case shapeMismatch(expected: String, got: String)
    /// A NaN or infinite feature after the warm-up rows.
    case nonFiniteFeature(column: String, row: Int)
    /// Not enough rows to form the windows asked for.
    case tooLittleData(have: Int, need: Int, what: String)
    /// Feature names differ from the model's.
    case featureMismatch(expected: [String], got: [String])
    /// Bad training or inference options.
    case invalidArgument(String)
    /// A file that could not be read or written.
    case io(path: String, message: String)
    /// A model or tensor file that is malformed, truncated or fails its checksum; nothing was loaded.
    case corruptFile(path: String, message: String)
    /// A model that has never been fitted or loaded was used for inference on raw features.
    case notFitted(String)

    /// A one-line, actionable message.
    public var description: String {
        switch self {
        case .invalidConfig(let m): return "invalid model configuration: \(m)"
        case .shapeMismatch(let e, let g): return "shape mismatch: the model expects \(e), got \(g)"
        case .nonFiniteFeature(let col, let row):
            return "feature '\(col)' is NaN or infinite at bar \(row) (after the warm-up); clean the data or "
                + "drop that bar"
        case .tooLittleData(let have, let need, let what):
            return "too little data: \(have) bars, \(what) needs at least \(need) bars"
        case .featureMismatch(let e, let g):
            return "feature set mismatch: the model was trained on \(e.count) features \(e), got \(g.count) \(g)"
        case .invalidArgument(let m): return "invalid argument: \(m)"
        case .io(let p, let m): return "\(p): \(m)"
        case .corruptFile(let p, let m): return "\(p): corrupt or truncated file, nothing loaded: \(m)"
        case .notFitted(let m): return "model not fitted: \(m)"
        }
    }
}
