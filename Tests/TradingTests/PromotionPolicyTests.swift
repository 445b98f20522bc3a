import Foundation
import XCTest

@testable import Trading

final class PromotionPolicyTests: XCTestCase {
    private let sane: [String: Double] = ["sharpe": 1.0, "trades": 12, "max_drawdown_pct": -8, "auc": 0.56, "return_pct": 4]

    private func with(_ changes: [String: Double]) -> [String: Double] { sane.merging(changes) { $1 } }

    func testASaneCandidateIsPromotedWhenNothingIsDeployed() {
        let d = PromotionPolicy().decide(candidate: sane, deployed: nil)
        XCTAssertTrue(d.promote)
        XCTAssertEqual(d.reason, .noDeployedModel)
    }

    func testABetterCandidateIsPromotedAndAWorseOneRefused() {
        let policy = PromotionPolicy()
        let better = policy.decide(candidate: with(["sharpe": 1.5]), deployed: sane)
        XCTAssertTrue(better.promote)
        XCTAssertEqual(better.reason, .better)
        XCTAssertEqual(try XCTUnwrap(better.improvement), 0.5, accuracy: 1e-12)
        let worse = policy.decide(candidate: with(["sharpe": 0.7]), deployed: sane)
        XCTAssertFalse(worse.promote)
        XCTAssertEqual(worse.reason, .notBetter)
        XCTAssertTrue(worse.message.contains("sharpe 0.7000 vs deployed 1.0000"), worse.message)
    }

    func testATieKeepsTheDeployedModel() {
        XCTAssertFalse(PromotionPolicy().decide(candidate: sane, deployed: sane).promote)
    }

    func testTheMarginIsRespected() {
        let policy = PromotionPolicy(margin: 0.25)
        XCTAssertFalse(policy.decide(candidate: with(["sharpe": 1.2]), deployed: sane).promote)
        XCTAssertFalse(policy.decide(candidate: with(["sharpe": 1.25]), deployed: sane).promote)
        XCTAssertTrue(policy.decide(candidate: with(["sharpe": 1.26]), deployed: sane).promote)
    }

    func testAnotherMetricCanBeCompared() {
        let policy = PromotionPolicy(metric: "return_pct", margin: 1)
        XCTAssertTrue(policy.decide(candidate: with(["return_pct": 5.5, "sharpe": 0.1]), deployed: sane).promote)
        XCTAssertFalse(policy.decide(candidate: with(["return_pct": 4.5, "sharpe": 9]), deployed: sane).promote)
    }

    func testNaNAndMissingMetricsAreRefused() {
        let policy = PromotionPolicy()
        for key in ["sharpe", "trades", "max_drawdown_pct", "auc"] {
            let nan = policy.decide(candidate: with([key: .nan]), deployed: nil)
            XCTAssertFalse(nan.promote, key)
            XCTAssertEqual(nan.reason, .nonFiniteMetric, key)
            XCTAssertFalse(policy.decide(candidate: with([key: .infinity]), deployed: sane).promote, key)
            var missing = sane
            missing[key] = nil
            XCTAssertEqual(policy.decide(candidate: missing, deployed: nil).reason, .missingMetric, key)
        }
    }

    func testSanityBounds() {
        let policy = PromotionPolicy(minTrades: 10, maxDrawdownPct: 20, minAUC: 0.52)
        XCTAssertEqual(policy.decide(candidate: with(["trades": 9]), deployed: nil).reason, .tooFewTrades)
        XCTAssertEqual(policy.decide(candidate: with(["max_drawdown_pct": -20.5]), deployed: nil).reason, .drawdownTooDeep)
        XCTAssertTrue(policy.decide(candidate: with(["max_drawdown_pct": -20]), deployed: nil).promote)
        XCTAssertEqual(policy.decide(candidate: with(["auc": 0.51]), deployed: nil).reason, .aucTooLow)
        // Sanity applies even when the candidate beats the deployed model by far.
        XCTAssertFalse(policy.decide(candidate: with(["sharpe": 5, "trades": 2]), deployed: sane).promote)
    }

    func testADeployedModelWithoutAFiniteScoreIsReplacedByASaneCandidate() {
        let d = PromotionPolicy().decide(candidate: sane, deployed: with(["sharpe": .nan]))
        XCTAssertTrue(d.promote)
        XCTAssertEqual(d.reason, .deployedNotScored)
    }

    func testThePolicyComesFromTheConfiguration() throws {
        let config = try LunarConfig.parse("""
            [models]
            promote_margin = 0.1
            promote_metric = "return_pct"
            min_trades = 3
            max_drawdown_pct = 40
            min_auc = 0.45
            """, baseDirectory: URL(fileURLWithPath: "/tmp"))
        XCTAssertEqual(PromotionPolicy(config: config.models),
                       PromotionPolicy(metric: "return_pct", margin: 0.1, minTrades: 3, maxDrawdownPct: 40, minAUC: 0.45))
        XCTAssertEqual(PromotionPolicy(config: LunarConfig.defaults().models), PromotionPolicy())
    }

    func testModelAndRetrainKeysAreValidated() {
        let text = """
            [models]
            promote_margin = -1
            promote_metric = "accuracy"
            min_trades = -2
            max_drawdown_pct = 150
            min_auc = 2
            [retrain]
            model = "forest"
            epochs = 0
            units = [0]
            test_bars = 5
            threshold = 1.5
            epoch = 3
            """
        do {
            _ = try LunarConfig.parse(text, file: "lunar.toml", baseDirectory: URL(fileURLWithPath: "/tmp"))
            XCTFail("expected problems")
        } catch let error as LunarConfigError {
            let lines = error.problems.map(\.description)
            XCTAssertEqual(lines, [
                "models.promote_margin: expected a number >= 0, got -1",
                "models.promote_metric: expected one of \"sharpe\", \"sortino\", \"calmar\", \"return_pct\", \"cagr_pct\", \"sqn\", \"profit_factor\", \"expectancy_pct\", \"auc\", got \"accuracy\"",
                "models.min_trades: expected an integer >= 0, got -2",
                "models.max_drawdown_pct: expected a percentage between 0 and 100 (e.g. 30), got 150",
                "models.min_auc: expected a number between 0 and 1 (e.g. 0.5), got 2",
                "retrain.model: expected one of \"lstm\", \"ensemble\", got \"forest\"",
                "retrain.epochs: expected a positive integer, got 0",
                "retrain.units: expected an array of positive layer sizes such as [64, 32], got an array",
                "retrain.test_bars: expected a number of bars >= 10, got 5",
                "retrain.threshold: expected a number between 0 and 1 (e.g. 0.04), got 1.5",
                "retrain.epoch: unknown key; did you mean \"retrain.epochs\"?",
            ])
        } catch {
            XCTFail("\(error)")
        }
    }

    func testRetrainSectionDefaultsAndValues() throws {
        let base = URL(fileURLWithPath: "/tmp")
        XCTAssertEqual(LunarConfig.defaults(baseDirectory: base).retrain, RetrainConfig())
        let c = try LunarConfig.parse("""
            [retrain]
            model = "ensemble"
            ensemble_size = 2
            epochs = 2
            units = [8]
            dense = []
            sequence = 10
            horizon = 3
            test_bars = 120
            train_bars = 600
            threshold = 0
            seed = 3
            """, baseDirectory: base).retrain
        XCTAssertEqual(c, RetrainConfig(model: .ensemble, ensembleSize: 2, epochs: 2, patience: 5, units: [8], dense: [],
                                        sequence: 10, horizon: 3, testBars: 120, trainBars: 600, threshold: 0, seed: 3))
    }
}
