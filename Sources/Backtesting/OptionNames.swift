/// Checks option names given by a user (e.g. keys of a Lua options table) and suggests the nearest valid one.
public enum OptionNames {
    /// The option names `Backtest.run` understands through the Lua binding, in documentation order.
    public static let backtestRun: [String] = [
        "bars", "entries", "exits", "short_entries", "short_exits", "target", "probabilities", "threshold",
        "allow_short", "neutral", "direction", "cash", "commission", "costs", "size", "fill", "stop_loss",
        "take_profit", "trailing_stop", "max_bars", "same_side_entry", "warmup", "close_at_end",
        "whole_shares", "max_leverage", "periods_per_year", "risk_free_rate",
    ]

    /// Throws `BacktestError.unknownOption` for the first name not in `valid`, suggesting the nearest valid name.
    public static func validate(_ names: some Sequence<String>, against valid: [String]) throws {
        for name in names where !valid.contains(name) {
            throw BacktestError.unknownOption(name: name, suggestion: nearest(to: name, in: valid), valid: valid)
        }
    }

    /// The valid name closest to `name` by edit distance, or nil when none is within a third of its length (min 2).
    public static func nearest(to name: String, in valid: [String]) -> String? {
        let limit = max(2, name.count / 3)
        var best: (String, Int)?
        for candidate in valid {
            let distance = editDistance(name.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
