import XCTest

@testable import NeuralNet

final class MetricsTests: XCTestCase {
    /// Oracle: hand computation on four samples.
    func testHandComputedExample() throws {
        let p: [Float] = [0.9, 0.4, 0.6, 0.2], y: [Float] = [1, 1, 0, 0]
        let r = try Metrics.report(probabilities: p, labels: y)
        // predictions > 0.5: 1, 0, 1, 0 → TP 1, FN 1, FP 1, TN 1
        XCTAssertEqual(r.confusion, ConfusionMatrix(truePositives: 1, falsePositives: 1, trueNegatives: 1, falseNegatives: 1))
        XCTAssertEqual(r.accuracy, 0.5)
        XCTAssertEqual(r.baseRate, 0.5)
        XCTAssertEqual(r.precision, 0.5)
        XCTAssertEqual(r.recall, 0.5)
        XCTAssertEqual(r.f1, 0.5)
        // positive scores 0.9, 0.4 vs negatives 0.6, 0.2: pairs won 0.9>0.6, 0.9>0.2, 0.4>0.2 → 3/4
        XCTAssertEqual(r.auc, 0.75, accuracy: 1e-12)
        let brier = (0.01 + 0.36 + 0.36 + 0.04) / 4.0
        XCTAssertEqual(r.brier, brier, accuracy: 1e-7)
        let ll = -(log(0.9) + log(0.4) + log(0.4) + log(0.8)) / 4
        XCTAssertEqual(r.logLoss, ll, accuracy: 1e-6)
    }

    func testTiesCountHalfAndSingleClassIsNaN() {
        XCTAssertEqual(Metrics.auc(probabilities: [0.5, 0.5], labels: [1, 0]), 0.5)
        XCTAssertTrue(Metrics.auc(probabilities: [0.2, 0.7], labels: [1, 1]).isNaN)
    }

    func testBaseRateIsTheMajorityShare() throws {
        let r = try Metrics.report(probabilities: [0.1, 0.2, 0.3, 0.4, 0.45], labels: [0, 0, 0, 1, 0])
        XCTAssertEqual(r.baseRate, 0.8)
        XCTAssertEqual(r.accuracy, 0.8)  // always "down": no skill, exactly the base rate
        XCTAssertTrue(r.summary.contains("base rate 0.8000"))
        XCTAssertEqual(r.precision, 0)  // nothing predicted positive
    }

    /// Oracle: scikit-learn 1.9 (roc_auc_score, log_loss, brier_score_loss, precision/recall/f1, confusion_matrix,
    /// calibration_curve) on 300 samples with ties, written by Fixtures/make_fixtures.py.
    func testAgainstScikitLearn() throws {
        let ref = try Fixture.json("metrics_sklearn.json")
        let p = (ref["probabilities"] as! [Double]).map(Float.init), y = (ref["labels"] as! [Double]).map(Float.init)
        for (key, threshold) in [("0.5", 0.5), ("0.4", 0.4)] {
            let r = try Metrics.report(probabilities: p, labels: y, threshold: threshold)
            let t = (ref["thresholds"] as! [String: Any])[key] as! [String: Any]
            XCTAssertEqual(r.auc, ref["auc"] as! Double, accuracy: 1e-12)
            XCTAssertEqual(r.logLoss, ref["log_loss"] as! Double, accuracy: 1e-9)
            XCTAssertEqual(r.brier, ref["brier"] as! Double, accuracy: 1e-9)
            XCTAssertEqual(r.accuracy, t["accuracy"] as! Double, accuracy: 1e-12)
            XCTAssertEqual(r.precision, t["precision"] as! Double, accuracy: 1e-12)
            XCTAssertEqual(r.recall, t["recall"] as! Double, accuracy: 1e-12)
            XCTAssertEqual(r.f1, t["f1"] as! Double, accuracy: 1e-12)
            XCTAssertEqual(r.confusion.truePositives, t["tp"] as! Int)
            XCTAssertEqual(r.confusion.falsePositives, t["fp"] as! Int)
            XCTAssertEqual(r.confusion.trueNegatives, t["tn"] as! Int)
            XCTAssertEqual(r.confusion.falseNegatives, t["fn"] as! Int)
            let observed = ref["calibration_observed"] as! [Double], predicted = ref["calibration_predicted"] as! [Double]
            XCTAssertEqual(r.calibration.map(\.observedRate), observed, accuracy: 1e-9)
            XCTAssertEqual(r.calibration.map(\.meanPredicted), predicted, accuracy: 1e-6)
        }
    }
}
