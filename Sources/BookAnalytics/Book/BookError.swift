/// Errors from creating or loading an order book. Each message says what to change.
public enum BookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The requested depth is outside 1...50.
    case invalidDepth(Int)
    /// A snapshot level has a NaN or infinite price, or a negative, NaN or infinite size.
    case invalidSnapshotLevel(side: BookSide, index: Int, price: Double, size: Double)
    /// Snapshot levels are not strictly best first (bids descending, asks ascending).
    case unorderedSnapshot(side: BookSide, index: Int)
    /// A structural invariant does not hold (found by `verifyInvariants()`); a bug in the book, please report.
    case invariantViolated(String)

    /// The message, with what to do about it.
    public var description: String {
        switch self {
        case .invalidDepth(let depth):
            return "invalid book depth \(depth): use 1...\(OrderBook.maximumDepth) levels (TWS serves at most 50 rows)"
        case .invalidSnapshotLevel(let side, let index, let price, let size):
            return "snapshot \(side) level \(index) has price \(price) and size \(size): prices must be finite and "
                + "sizes finite and not negative"
        case .unorderedSnapshot(let side, let index):
            let order = side == .bid ? "descending" : "ascending"
            return "snapshot \(side) level \(index) is out of order: give \(side)s best first, prices strictly "
                + "\(order), one level per price"
        case .invariantViolated(let what):
            return "order book invariant violated: \(what) (a bug in BookAnalytics; please report it with the input)"
        }
    }
}
