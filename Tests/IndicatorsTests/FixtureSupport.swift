import Foundation
import XCTest

/// Reads fixture CSVs (header row, numeric cells, empty cell = NaN).
enum Fixture {
    /// The repository root, found from this file's path.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// `../shared` next to the repository.
    static let shared = repoRoot.appendingPathComponent("../shared").standardizedFileURL
    /// This target's own fixtures.
    static let local = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A CSV table: headers and numeric columns.
    struct Table {
        var headers: [String]
        var columns: [[Double]]

        subscript(_ name: String) -> [Double] {
            guard let i = headers.firstIndex(of: name) else { fatalError("no column \(name)") }
            return columns[i]
        }
    }

    static func load(_ url: URL) throws -> Table {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let headers = splitRespectingParens(String(lines.removeFirst()))
        var cols = [[Double]](repeating: [], count: headers.count)
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            for (i, c) in cells.enumerated() {
                cols[i].append(c.isEmpty ? .nan : Double(c)!)
            }
        }
        return Table(headers: headers, columns: cols)
    }

    /// Splits a header line on commas outside parentheses (headers like `MACD(a=1;b=2)[0]` have none anyway).
    static func splitRespectingParens(_ s: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var depth = 0
        for ch in s {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if ch == "," && depth == 0 {
                out.append(cur)
                cur = ""
            } else {
                cur.append(ch)
            }
        }
        out.append(cur)
        return out
    }
}

/// Result of comparing a computed column with a reference column.
struct Comparison {
    var maxAbs = 0.0
    var maxRel = 0.0
    var bitEqual = 0
    var valid = 0
    var nanMismatch: [Int] = []
    var failures: [Int] = []

    /// Compares within `abs` absolute or `rel` relative tolerance, and requires identical NaN positions.
    init(_ got: [Double], _ want: [Double], abs absTol: Double = 1e-12, rel relTol: Double = 1e-9) {
        precondition(got.count == want.count, "length \(got.count) vs \(want.count)")
        for i in 0..<want.count {
            let g = got[i]
            let w = want[i]
            if g.isNaN != w.isNaN {
                nanMismatch.append(i)
                continue
            }
            if w.isNaN { continue }
            valid += 1
            if g == w {
                bitEqual += 1
                continue
            }
            let d = abs(g - w)
            let r = d / Swift.max(abs(w), 1e-300)
            maxAbs = Swift.max(maxAbs, d)
            if abs(w) > 1e-12 { maxRel = Swift.max(maxRel, r) }
            if !(d <= absTol || r <= relTol) { failures.append(i) }
        }
    }

    var ok: Bool { nanMismatch.isEmpty && failures.isEmpty }

    var summary: String {
        "valid \(valid), bit-equal \(bitEqual), max abs \(maxAbs), max rel \(maxRel), "
            + "NaN mismatches \(nanMismatch.prefix(5)), failures \(failures.prefix(5))"
    }
}
