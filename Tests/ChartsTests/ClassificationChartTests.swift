import Testing

@testable import Charts

/// Scores that separate the classes imperfectly.
func classifierSample(_ n: Int, seed: UInt64 = 21) -> ROCInput {
    var rng = SplitMix(state: seed)
    var p: [Double] = [], y: [Bool] = []
    for _ in 0..<n {
        let label = Bool.random(using: &rng)
        let noise = Double.random(in: -0.45...0.45, using: &rng)
        p.append(min(1, max(0, (label ? 0.62 : 0.38) + noise)))
        y.append(label)
    }
    return ROCInput(probabilities: p, labels: y)
}

@Suite struct ClassificationChartTests {
    @Test func aucOfKnownCases() {
        let perfect = ROCCurve(ROCInput(probabilities: [0.1, 0.2, 0.8, 0.9], labels: [false, false, true, true]))
        #expect(perfect.auc == 1)
        let inverted = ROCCurve(ROCInput(probabilities: [0.9, 0.8, 0.2, 0.1], labels: [false, false, true, true]))
        #expect(inverted.auc == 0)
        let ties = ROCCurve(ROCInput(probabilities: [0.5, 0.5], labels: [false, true]))
        #expect(ties.auc == 0.5)
        // one misordered pair of four: AUC 3/4
        let mixed = ROCCurve(ROCInput(probabilities: [0.1, 0.6, 0.4, 0.9], labels: [false, false, true, true]))
        #expect(mixed.auc == 0.75)
        #expect(ROCCurve(ROCInput(probabilities: [0.3], labels: [true])).auc.isNaN)
    }

    @Test func rocChartShowsTheAUC() throws {
        let input = classifierSample(2_000)
        let auc = ROCCurve(input).auc
        let svg = try SVGInspector(Chart.roc(input).svg())
        #expect(svg.texts("legend-item").first == "ROC (AUC = \(formatPlain(auc, decimals: 3)))")
        #expect(svg.pathPoints(cssClass: "line", series: "ROC") > 10)
        #expect(yTicks(svg).min() == 0 && yTicks(svg).max() == 1)
    }

    @Test func calibrationBinsAndChart() throws {
        let input = classifierSample(5_000)
        let bins = CalibrationBins(input, bins: 10)
        #expect(bins.counts.reduce(0, +) == 5_000)
        #expect(bins.brier > 0 && bins.brier < 0.25)
        let svg = try SVGInspector(Chart.calibration(input).svg())
        #expect(svg.elements("circle", cssClass: "bin").count == bins.counts.count)
        #expect(svg.elements("rect", cssClass: "bar").count == bins.counts.count)
    }

    @Test func confusionCountsAndMatrix() throws {
        let input = ROCInput(probabilities: [0.9, 0.8, 0.3, 0.2, 0.6], labels: [true, false, true, false, true])
        let cm = ConfusionCounts(input, threshold: 0.5)
        #expect(cm == ConfusionCounts(truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 1))
        #expect(cm.accuracy == 0.6)
        let svg = try SVGInspector(Chart.confusion(cm).svg())
        #expect(svg.elements("rect", cssClass: "cell").count == 4)
        #expect(svg.texts("cell-count") == ["1", "1", "1", "2"])
    }

    @Test func predictionDistributionSplitsByLabel() throws {
        let input = classifierSample(1_000)
        let svg = try SVGInspector(Chart.predictionDistribution(input, bins: 20, threshold: 0.55).svg())
        #expect(svg.elements("g", cssClass: "histogram").count == 2)
        #expect(svg.elements("rect", cssClass: "bar").count == 40)
        #expect(svg.texts("annotation") == ["threshold 0.55"])
    }

    @Test func trainingCurvesOnePanelPerMetric() throws {
        let curves = TrainingCurves(
            loss: [0.69, 0.6, 0.55, 0.52, 0.51], validationLoss: [0.7, 0.64, 0.6, 0.61, 0.63],
            accuracy: [0.5, 0.56, 0.6, 0.62, 0.63], validationAccuracy: [0.5, 0.54, 0.57, 0.56, 0.55],
            auc: [0.5, 0.6, 0.65, 0.68, 0.7], validationAUC: [0.5, 0.57, 0.6, 0.6, 0.59])
        #expect(curves.metrics[0].bestEpoch == 3)
        #expect(curves.metrics[1].bestEpoch == 3)
        let svg = try SVGInspector(Chart.training(curves).svg())
        #expect(svg.texts("panel-title") == ["loss", "accuracy", "auc"])
        #expect(svg.elements("path", cssClass: "line").count == 6)
        #expect(svg.pathPoints(cssClass: "line", series: "loss validation") == 5)
        #expect(svg.elements("circle", cssClass: "best").count == 3)
        #expect(svg.texts("x").prefix(5) == ["1", "2", "3", "4", "5"])
    }
}
