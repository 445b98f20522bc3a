import Foundation
import MarketData
import XCTest

@testable import AlphaFusion

/// The logistic regression against scikit-learn (Fixtures/logistic_sklearn.json, written once by
/// scripts/gen_logistic_fixture.py with C = 1/(λ·N)), plus its error cases.
final class LogisticRegressionTests: XCTestCase {
    struct Fixture: Decodable {
        var sklearn: String
        var cases: [Case]
    }

    struct Case: Decodable {
        var name: String
        var features: [[Double?]]
        var labels: [Double?]
        var train_start: Int
        var train_end: Int
        var purge: Int
        var l2: Double
        var rows_used: Int
        var coef: [Double]
        var intercept: Double
        var proba: [Double?]
    }

    func loadFixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/logistic_sklearn.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func testMatchesScikitLearn() throws {
        let fixture = try loadFixture()
        XCTAssertEqual(fixture.cases.count, 4)
        for c in fixture.cases {
            let features = c.features.map { $0.map { $0 ?? .nan } }
            let labels = c.labels.map { $0 ?? .nan }
            let model = try LogisticRegression.fit(features: features, labels: labels,
                                                   trainingRange: c.train_start..<c.train_end, l2: c.l2, purge: c.purge)
            XCTAssertEqual(model.rowsUsed, c.rows_used, c.name)
            XCTAssertEqual(model.trainingRange, c.train_start..<(c.train_end - c.purge), c.name)
            XCTAssertEqual(model.weights.count, c.coef.count, c.name)
            for (w, expected) in zip(model.weights, c.coef) {
                XCTAssertEqual(w, expected, accuracy: 1e-7 * max(1, abs(expected)), "\(c.name) weight")
            }
            XCTAssertEqual(model.intercept, c.intercept, accuracy: 1e-7 * max(1, abs(c.intercept)), "\(c.name) intercept")
            let p = try model.predict(features: features)
            assertValues(p, c.proba.map { $0 ?? .nan }, tolerance: 1e-8, "\(c.name) probabilities")
        }
    }

    func testIsDeterministicAndConvergesInFewIterations() throws {
        let c = try loadFixture().cases[0]
        let features = c.features.map { $0.map { $0 ?? .nan } }
        let labels = c.labels.map { $0 ?? .nan }
        let a = try LogisticRegression.fit(features: features, labels: labels, trainingRange: 0..<150, l2: c.l2)
        let b = try LogisticRegression.fit(features: features, labels: labels, trainingRange: 0..<150, l2: c.l2)
        XCTAssertEqual(a, b)
        XCTAssertLessThan(a.iterations, 20)
        XCTAssertGreaterThan(a.iterations, 2)
    }

    func testOnlyTheTrainingRangeIsRead() throws {
        let c = try loadFixture().cases[0]
        var features = c.features.map { $0.map { $0 ?? .nan } }
        var labels = c.labels.map { $0 ?? .nan }
        let a = try LogisticRegression.fit(features: features, labels: labels, trainingRange: 20..<150, l2: c.l2)
        for i in Array(0..<20) + Array(150..<labels.count) {
            labels[i] = i % 3 == 0 ? .nan : 1 - labels[i]
            for j in features.indices { features[j][i] = i % 5 == 0 ? .nan : -7 * features[j][i] }
        }
        let b = try LogisticRegression.fit(features: features, labels: labels, trainingRange: 20..<150, l2: c.l2)
        XCTAssertEqual(a, b)
    }

    func testHandComputedSymmetricCase() throws {
        // x = +1 with labels 1, 1, 0 and x = −1 with labels 0, 0, 1: the data are symmetric under (x, y) → (−x, 1 − y),
        // so b = 0, and w solves the scalar first-order condition (1/6)·Σ (σ(w·x_i) − y_i)·x_i + λw = 0, found here
        // by bisection (an oracle independent of Newton's method).
        let x: [Double] = [1, 1, 1, -1, -1, -1]
        let y: [Double] = [1, 1, 0, 0, 0, 1]
        let l2 = 0.1
        let model = try LogisticRegression.fit(features: [x], labels: y, trainingRange: 0..<6, l2: l2)
        func gradient(_ w: Double) -> Double {
            var g = 0.0
            for i in 0..<6 { g += (1 / (1 + exp(-w * x[i])) - y[i]) * x[i] }
            return g / 6 + l2 * w
        }
        var lo = 0.0, hi = 10.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if gradient(mid) > 0 { hi = mid } else { lo = mid }
        }
        XCTAssertEqual(model.weights[0], lo, accuracy: 1e-10)
        XCTAssertEqual(model.intercept, 0, accuracy: 1e-12)
    }

    func testErrors() throws {
        let x: [Double] = [1, 2, 3, 4]
        XCTAssertThrowsError(try LogisticRegression.fit(features: [x], labels: [0, 1, 2, 0], trainingRange: 0..<4)) {
            XCTAssertEqual("\($0)", "labels must be 0, 1 or NaN; label 3 is 2.0")
        }
        XCTAssertThrowsError(try LogisticRegression.fit(features: [x], labels: [1, 1, 1, 0], trainingRange: 0..<3)) {
            XCTAssertEqual("\($0)", "fit_logistic: every training label is 1; both classes are needed")
        }
        XCTAssertThrowsError(try LogisticRegression.fit(features: [x], labels: [1, 0, 1], trainingRange: 0..<3))
        XCTAssertThrowsError(try LogisticRegression.fit(features: [x], labels: [1, 0, 1, 0], trainingRange: 0..<1))
        XCTAssertThrowsError(try LogisticRegression.fit(features: [x], labels: [1, 0, 1, 0], trainingRange: 0..<4, l2: -1))
        // No penalty: refused (separable classes would have no finite minimiser).
        XCTAssertThrowsError(try LogisticRegression.fit(features: [x], labels: [0, 0, 1, 1], trainingRange: 0..<4, l2: 0)) {
            XCTAssertEqual("\($0)", "fit_logistic: l2 = 0 must be positive and finite")
        }
        // Separable with a penalty: a finite fit that separates.
        let separable = try LogisticRegression.fit(features: [x], labels: [0, 0, 1, 1], trainingRange: 0..<4, l2: 1e-3)
        XCTAssertGreaterThan(separable.weights[0], 1)
        XCTAssertTrue(separable.weights[0].isFinite)
        // Constant feature with a tiny penalty still solves (the penalty keeps the Hessian positive definite).
        XCTAssertNoThrow(try LogisticRegression.fit(features: [[2, 2, 2, 2]], labels: [0, 1, 1, 0], trainingRange: 0..<4, l2: 1e-6))
        let model = LogisticRegression(weights: [1, 2], intercept: 0)
        XCTAssertThrowsError(try model.predict(features: [x]))
    }
}
