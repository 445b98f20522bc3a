/// A problem reading a CSV file, located at file:line:column (physical line, header = line 1; 1-based field).
public struct CSVError: Error, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Equatable, Sendable {
        /// The file could not be opened or read.
        case unreadable
        /// A required column is missing from the header.
        case missingColumn
        /// A field did not parse as what was expected.
        case badField
        /// A row has fewer fields than the header.
        case missingField
        /// Timestamps go backwards (use `CSVOptions.order = .sort` to sort them).
        case unsorted
        /// A timestamp repeats (use `.sortAndDeduplicate` to keep the last row of each time).
        case duplicate
    }

    /// What went wrong.
    public var kind: Kind
    /// The file path (or a label for in-memory text).
    public var file: String
    /// Physical line number, the header being line 1 (0 when not about a line).
    public var line: Int
    /// 1-based field number (0 when not about a field).
    public var column: Int
    /// What was expected and what was found.
    public var message: String

    public var description: String {
        var loc = file
        if line > 0 { loc += ":\(line)" }
        if column > 0 { loc += ":\(column)" }
        return "\(loc): \(message)"
    }
}
