/// The relation between the best bid and the best ask.
public enum BookState: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Both sides are empty.
    case empty
    /// One side is empty.
    case oneSided
    /// Best bid below best ask: the normal state.
    case normal
    /// Best bid equal to best ask.
    case locked
    /// Best bid above best ask (a stale or inconsistent feed, or a transient state inside a burst of updates).
    case crossed

    /// The raw name, e.g. `"crossed"`.
    public var description: String { rawValue }
}
