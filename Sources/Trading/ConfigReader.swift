import Foundation
import TOMLKit

/// Collects the problems of a whole configuration file.
final class ConfigProblems {
    private(set) var list: [ConfigProblem] = []

    func add(_ key: String, _ message: String) { list.append(ConfigProblem(key: key, message: message)) }
}

/// Reads one TOML table of the configuration, typed, recording every problem instead of stopping at the first.
///
/// Each accessor marks its key as known; `finish()` then reports the keys nobody asked for as unknown, with a
/// did-you-mean among the known ones.
final class ConfigReader {
    let table: TOMLTable?
    let path: String
    let problems: ConfigProblems
    private(set) var knownKeys: [String] = []
    private var extraKnown: Set<String> = []

    init(table: TOMLTable?, path: String, problems: ConfigProblems) {
        self.table = table
        self.path = path
        self.problems = problems
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private func value(_ name: String) -> TOMLValueConvertible? {
        knownKeys.append(name)
        return table?[name]
    }

    /// Describes a TOML value for "got …" in messages.
    static func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return "\"\(value.string ?? "")\""
        case .int: return value.int.map(String.init) ?? "an integer"
        case .double: return value.double.map { String($0) } ?? "a float"
        case .bool: return value.bool.map(String.init) ?? "a boolean"
        case .table: return "a table"
        case .array: return "an array"
        default: return "a \(value.type.rawValue)"
        }
    }

    private func wrong(_ name: String, _ expected: String, _ value: TOMLValueConvertible) {
        problems.add(key(name), "expected \(expected), got \(Self.describe(value))")
    }

    func string(_ name: String, default fallback: String?, expected: String = "a string") -> String? {
        guard let v = value(name) else { return fallback }
        guard let s = v.string else {
            wrong(name, expected, v)
            return fallback
        }
        return s
    }

    func nonEmptyString(_ name: String, default fallback: String?, expected: String = "a non-empty string") -> String? {
        guard let v = value(name) else { return fallback }
        guard let s = v.string, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            wrong(name, expected, v)
            return fallback
        }
        return s
    }

    func bool(_ name: String, default fallback: Bool) -> Bool {
        guard let v = value(name) else { return fallback }
        guard let b = v.bool else {
            wrong(name, "true or false", v)
            return fallback
        }
        return b
    }

    func integer(_ name: String, default fallback: Int?, in range: ClosedRange<Int>, expected: String) -> Int? {
        guard let v = value(name) else { return fallback }
        guard let i = v.int, range.contains(i) else {
            wrong(name, expected, v)
            return fallback
        }
        return i
    }

    func positiveInteger(_ name: String) -> Int? {
        integer(name, default: nil, in: 1...Int.max, expected: "a positive integer")
    }

    /// A number (integer or float) strictly greater than zero, or within `range` when given.
    func number(_ name: String, expected: String = "a positive number",
                valid: (Double) -> Bool = { $0 > 0 && $0.isFinite }) -> Double? {
        guard let v = value(name) else { return nil }
        let d = v.double ?? v.int.map(Double.init)
        guard let d, valid(d) else {
            wrong(name, expected, v)
            return nil
        }
        return d
    }

    func stringArray(_ name: String, expected: String = "an array of strings") -> [String]? {
        guard let v = value(name) else { return nil }
        guard let array = v.array else {
            wrong(name, expected, v)
            return nil
        }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let s = element.string, !s.isEmpty else {
                problems.add("\(key(name))[\(index)]", "expected a non-empty string, got \(Self.describe(element))")
                continue
            }
            result.append(s)
        }
        return result
    }

    /// A sub-table, reading nothing and reporting a problem when the key holds another type.
    func subtable(_ name: String) -> ConfigReader {
        let v = value(name)
        if let v, v.type != .table {
            wrong(name, "a table ([\(key(name))])", v)
            return ConfigReader(table: nil, path: key(name), problems: problems)
        }
        return ConfigReader(table: v?.table, path: key(name), problems: problems)
    }

    /// Marks `name` as handled by the caller (for keys whose values are read directly from `table`).
    func accept(_ name: String) { extraKnown.insert(name) }

    /// Reports every key of the table that no accessor read, with a did-you-mean.
    func finish() {
        guard let table else { return }
        let known = Set(knownKeys).union(extraKnown)
        for name in table.keys.sorted() where !known.contains(name) {
            var message = "unknown key"
            if let guess = DidYouMean.suggestion(for: name, among: knownKeys) {
                message += "; did you mean \"\(key(guess))\"?"
            } else if !knownKeys.isEmpty {
                message += " (known keys: \(knownKeys.joined(separator: ", ")))"
            }
            problems.add(key(name), message)
        }
    }
}
