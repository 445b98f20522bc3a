import Foundation
import XCTest
@testable import Indicators

/// Checks the indicators against the shared TA-Lib fixtures in ../shared/fixtures/indicators.
final class SharedFixtureTests: XCTestCase {
    static let dir = Fixture.shared.appendingPathComponent("fixtures/indicators")

    func calls() throws -> [String: (function: String, params: [String: Double], output: Int)] {
        let data = try Data(contentsOf: Self.dir.appendingPathComponent("lookbacks.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let params = try XCTUnwrap(json["talib_params"] as? [String: [String: Any]])
        var out: [String: (String, [String: Double], Int)] = [:]
        for (col, v) in params {
            let p = (v["params"] as? [String: Any] ?? [:]).mapValues { ($0 as? NSNumber)?.doubleValue ?? .nan }
            out[col] = (v["function"] as! String, p, (v["output"] as? Int) ?? 0)
        }
        return out
    }

    func testSharedIndicatorFixtures() throws {
        guard FileManager.default.fileExists(atPath: Self.dir.path) else {
            throw XCTSkip("shared fixtures not found at \(Self.dir.path)")
        }
        let calls = try calls()
        var report: [String] = []
        var exact = 0
        for set in ["synthetic500", "edge120"] {
            let inputs = try Fixture.load(Self.dir.appendingPathComponent("\(set)_inputs.csv"))
            let ref = try Fixture.load(Self.dir.appendingPathComponent("\(set)_indicators.csv"))
            for (k, col) in ref.headers.enumerated() where col != "time" {
                let call = try XCTUnwrap(calls[col], "no TA-Lib call for \(col)")
                let spec = try XCTUnwrap(IndicatorSpec.named(call.function))
                let cols = spec.inputs.map { inputs[$0 == .real ? "close" : $0.rawValue] }
                let out = try spec.run(cols, spec.parameters.map { call.params[$0.name] })
                let cmp = Comparison(out[call.output], ref.columns[k])
                if cmp.bitEqual == cmp.valid && cmp.ok { exact += 1 }
                if !cmp.ok { report.append("\(set) \(col): \(cmp.summary)") }
            }
        }
        print("shared indicator columns bit-exact: \(exact)")
        XCTAssert(report.isEmpty, report.joined(separator: "\n"))
    }
}
