import Foundation

/// One problem found in `lunar.toml`: the dotted key and what was expected there.
public struct ConfigProblem: Sendable, Equatable, CustomStringConvertible {
    /// The dotted key, e.g. `risk.max_order_qty` (empty for a syntax error that has no key).
    public let key: String
    /// What was expected and what was found, e.g. `expected a positive integer, got "ten"`.
    public let message: String

    /// Creates a problem.
    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    /// `risk.max_order_qty: expected a positive integer, got "ten"`.
    public var description: String { key.isEmpty ? message : "\(key): \(message)" }
}

/// An invalid configuration: every problem at once, one per line, so one edit can fix them all.
public struct LunarConfigError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The file the configuration came from, as given.
    public let file: String
    /// All the problems found, in document order of the checks.
    public let problems: [ConfigProblem]

    /// Creates an error.
    public init(file: String, problems: [ConfigProblem]) {
        self.file = file
        self.problems = problems
    }

    /// One line per problem, each prefixed with the file: `lunar.toml: risk.max_order_qty: expected …`.
    public var description: String { problems.map { "\(file): \($0)" }.joined(separator: "\n") }

    /// The same text as `description`.
    public var errorDescription: String? { description }
}
