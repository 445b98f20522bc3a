/// Why a depth operation could not be applied. The book is left unchanged and the rejection is counted.
public enum BookRejection: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// The position is negative or not below the book's depth (the `numRows` requested).
    case positionOutOfRange = 0
    /// The position is within the depth but names a row that does not exist: update or delete past the last
    /// row, or insert that would leave a gap. IB's reference client raises on these and drops the message.
    case missingRow
    /// The side code is neither 0 (ask) nor 1 (bid).
    case unknownSide
    /// The operation code is not 0 (insert), 1 (update) or 2 (delete).
    case unknownOperation
    /// The size of an insert or update is negative, NaN or infinite.
    case invalidSize
    /// The price of an insert or update is NaN or infinite.
    case invalidPrice

    /// A short name, e.g. `"positionOutOfRange"`.
    public var description: String {
        switch self {
        case .positionOutOfRange: return "positionOutOfRange"
        case .missingRow: return "missingRow"
        case .unknownSide: return "unknownSide"
        case .unknownOperation: return "unknownOperation"
        case .invalidSize: return "invalidSize"
        case .invalidPrice: return "invalidPrice"
        }
    }

    /// A sentence explaining the rejection, for logs.
    public var explanation: String {
        switch self {
        case .positionOutOfRange: return "position is negative or not below the book depth"
        case .missingRow: return "no row at that position (update/delete past the last row, or insert leaving a gap)"
        case .unknownSide: return "side must be 0 (ask) or 1 (bid)"
        case .unknownOperation: return "operation must be 0 (insert), 1 (update) or 2 (delete)"
        case .invalidSize: return "size must be finite and not negative"
        case .invalidPrice: return "price must be finite"
        }
    }
}

/// How many depth operations a book rejected, per kind.
public struct BookRejectionCounts: Sendable, Hashable, CustomStringConvertible {
    @usableFromInline var counts: (Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0)

    /// All zero.
    public init() {}

    /// The count for one kind.
    public subscript(kind: BookRejection) -> Int {
        get {
            switch kind {
            case .positionOutOfRange: return counts.0
            case .missingRow: return counts.1
            case .unknownSide: return counts.2
            case .unknownOperation: return counts.3
            case .invalidSize: return counts.4
            case .invalidPrice: return counts.5
            }
        }
        set {
            switch kind {
            case .positionOutOfRange: counts.0 = newValue
            case .missingRow: counts.1 = newValue
            case .unknownSide: counts.2 = newValue
            case .unknownOperation: counts.3 = newValue
            case .invalidSize: counts.4 = newValue
            case .invalidPrice: counts.5 = newValue
            }
        }
    }

    /// The total over all kinds.
    public var total: Int { counts.0 + counts.1 + counts.2 + counts.3 + counts.4 + counts.5 }

    /// `(kind name, count)` for every kind, in declaration order (zeros included).
    public var all: [(name: String, count: Int)] { BookRejection.allCases.map { ($0.description, self[$0]) } }

    /// Compares all counts.
    public static func == (lhs: Self, rhs: Self) -> Bool { BookRejection.allCases.allSatisfy { lhs[$0] == rhs[$0] } }

    /// Hashes all counts.
    public func hash(into hasher: inout Hasher) { for kind in BookRejection.allCases { hasher.combine(self[kind]) } }

    /// `kind=count` pairs for the non-zero kinds, or `none`.
    public var description: String {
        let parts = BookRejection.allCases.filter { self[$0] > 0 }.map { "\($0)=\(self[$0])" }
        return parts.isEmpty ? "none" : parts.joined(separator: " ")
    }
}
