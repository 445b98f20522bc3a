import Foundation
import XCTest
@testable import Indicators

/// Checks every column of the generated TA-Lib fixtures (Tests/IndicatorsTests/Fixtures, made by
/// scripts/gen_indicator_fixtures.py) through the IndicatorSpec catalog.
final class TALibFixtureTests: XCTestCase {
    static let sets = ["walk200", "edge160", "tiny150"]

    /// Parses `FUNC(a=1;b=2.0)[j]` into the spec, parameter values by name, and output index.
    func parse(_ header: String) throws -> (IndicatorSpec, [String: Double], Int) {
        let open = try XCTUnwrap(header.firstIndex(of: "("))
        let close = try XCTUnwrap(header.lastIndex(of: ")"))
        let name = String(header[..<open])
        let spec = try XCTUnwrap(IndicatorSpec.named(name), "no spec for \(name)")
        var params: [String: Double] = [:]
        for kv in header[header.index(after: open)..<close].split(separator: ";") {
            let parts = kv.split(separator: "=")
            params[String(parts[0])] = Double(parts[1])!
        }
        let j = Int(header[header.index(header.lastIndex(of: "[")!, offsetBy: 1)..<header.lastIndex(of: "]")!])!
        return (spec, params, j)
    }

    func testAllGeneratedFixtures() throws {
        var report: [String] = []
        var bitExact = 0
        var total = 0
        for set in Self.sets {
            let inputs = try Fixture.load(Fixture.local.appendingPathComponent("\(set)_inputs.csv"))
            let ref = try Fixture.load(Fixture.local.appendingPathComponent("\(set)_talib.csv"))
            for (k, header) in ref.headers.enumerated() where header != "time" {
                let (spec, params, j) = try parse(header)
                let cols = spec.inputs.map { inputs[$0 == .real ? "close" : $0.rawValue] }
                let p: [Double?] = spec.parameters.map { params[$0.name] }
                let out = try spec.run(cols, p)
                let cmp = Comparison(out[j], ref.columns[k])
                total += 1
                if cmp.bitEqual == cmp.valid && cmp.ok { bitExact += 1 }
                if !cmp.ok { report.append("\(set) \(header): \(cmp.summary)") }
                if ProcessInfo.processInfo.environment["FIXTURE_VERBOSE"] != nil && cmp.bitEqual != cmp.valid {
                    print("not bit-exact: \(set) \(header): \(cmp.summary)")
                }
                // The first valid output sits at the declared lookback.
                if let first = ref.columns[k].firstIndex(where: { !$0.isNaN }), j == 0 {
                    let resolved = try spec.resolve(p)
                    XCTAssertEqual(spec.lookback(resolved), first, "\(set) \(header) lookback")
                }
            }
        }
        print("TA-Lib fixture columns: \(total), bit-exact: \(bitExact)")
        XCTAssert(report.isEmpty, report.joined(separator: "\n"))
    }
}
