import XCTest

@testable import NeuralNet

final class DatasetTests: XCTestCase {
    /// Oracle: shared/bench/lstm features.build_dataset (TA-Lib features, L = 20, H = 3 on 300 synthetic bars).
    func testMatchesReferencePipeline() throws {
        let ref = try Fixture.json("windowing/reference.json")
        let feats = try NPY.read(path: Fixture.path("windowing/features.npy"))
        guard case .float64(let shape, let values) = feats else { return XCTFail("expected float64") }
        let names = ref["feature_names"] as! [String]
        let matrix = try FeatureMatrix(rowCount: shape[0], columns: names, values: values)
        let labels = (ref["labels"] as! [Any]).map { ($0 as? Double).map(Float.init) ?? .nan }
        let data = try Windowing.prepare(features: matrix, labels: labels,
                                         spec: WindowingSpec(sequenceLength: 20, horizon: 3))
        XCTAssertEqual(data.firstRow, ref["first_kept_bar"] as! Int)
        XCTAssertEqual(data.train.count, ref["n_train"] as! Int)
        XCTAssertEqual(data.validation.count, ref["n_val"] as! Int)
        XCTAssertEqual(data.trainEndBars, ref["train_end_bars"] as! [Int])
        XCTAssertEqual(data.validationEndBars, ref["val_end_bars"] as! [Int])
        XCTAssertEqual(data.train.labels.map(Double.init), ref["y_train"] as! [Double])
        XCTAssertEqual(data.validation.labels.map(Double.init), ref["y_val"] as! [Double])
        // the scaler sees float32 features, the reference float64: agree to float precision
        let lo = ref["data_min"] as! [Double], hi = ref["data_max"] as! [Double]
        for c in 0..<names.count {
            XCTAssertEqual(data.scaler.dataMin[c], lo[c], accuracy: 1e-6 * max(1, abs(lo[c])))
            XCTAssertEqual(data.scaler.dataMax[c], hi[c], accuracy: 1e-6 * max(1, abs(hi[c])))
        }
        let first = Array(data.train.materialized()[0..<(20 * names.count)])
        XCTAssertEqual(first.map(Double.init), ref["x_train_first"] as! [Double], accuracy: 2e-5)
        let all = data.validation.materialized()
        XCTAssertEqual(Array(all.suffix(20 * names.count)).map(Double.init), ref["x_val_last"] as! [Double],
                       accuracy: 2e-5)
    }

    func testNaNAfterWarmupNamesColumnAndBar() throws {
        var values = [Float](repeating: 1, count: 10 * 2)
        values[0] = .nan  // warm-up: fine
        values[7 * 2 + 1] = .infinity
        let m = try FeatureMatrix(rowCount: 10, columns: ["a", "b"], values: values)
        XCTAssertThrowsError(try m.firstCompleteRow()) { error in
            XCTAssertEqual(error as? NeuralNetError, .nonFiniteFeature(column: "b", row: 7))
            XCTAssertTrue("\(error)".contains("'b'") && "\(error)".contains("bar 7"))
        }
    }

    func testTooLittleDataSaysHowManyBars() throws {
        let m = try FeatureMatrix(rowCount: 70, columns: ["a"], values: (0..<70).map { Float($0) })
        let labels = Windowing.directionLabels(closes: (0..<70).map { Double($0) }, horizon: 5)
        XCTAssertThrowsError(try Windowing.prepare(features: m, labels: labels)) { error in
            guard case .tooLittleData(let have, let need, _) = error as? NeuralNetError else { return XCTFail("\(error)") }
            XCTAssertEqual(have, 70)
            XCTAssertEqual(need, Windowing.minimumBars(warmup: 0, spec: .init()))
            XCTAssertTrue("\(error)".contains("at least \(need) bars"))
        }
        // exactly `need` bars is enough
        let need = Windowing.minimumBars(warmup: 0, spec: .init())
        let m2 = try FeatureMatrix(rowCount: need, columns: ["a"], values: (0..<need).map { Float($0) })
        let d = try Windowing.prepare(features: m2, labels: Windowing.directionLabels(
            closes: (0..<need).map { Double($0) }, horizon: 5))
        XCTAssertGreaterThanOrEqual(d.train.count, 1)
        XCTAssertEqual(d.validation.count, 1)
        // one bar fewer is not
        let m3 = try FeatureMatrix(rowCount: need - 1, columns: ["a"], values: (0..<(need - 1)).map { Float($0) })
        XCTAssertThrowsError(try Windowing.prepare(features: m3, labels: Windowing.directionLabels(
            closes: (0..<(need - 1)).map { Double($0) }, horizon: 5)))
    }

    func testSplitGapAndScalerOnTrainingRowsOnly() throws {
        let n = 200
        let values = (0..<n).map { Float($0) }  // increasing: the scaler max shows which rows it saw
        let m = try FeatureMatrix(rowCount: n, columns: ["x"], values: values)
        let labels = Windowing.directionLabels(closes: (0..<n).map { sin(Double($0)) }, horizon: 5)
        let d = try Windowing.prepare(features: m, labels: labels, spec: WindowingSpec(sequenceLength: 10))
        // samples end at rows 9 … 194 → 186; train floor(0.8·186) = 148; gap 5; validation 33
        XCTAssertEqual(d.train.count, 148)
        XCTAssertEqual(d.validation.count, 33)
        XCTAssertEqual(d.trainEndBars.last, 9 + 147)
        XCTAssertEqual(d.validationEndBars.first, 9 + 148 + 5)
        XCTAssertEqual(d.scaler.dataMin, [0])
        XCTAssertEqual(d.scaler.dataMax, [156])
    }
}
