// Prints the NeuralNet timings (release build): swift run -c release lunar-nn-bench [epochs]
import Foundation
import NeuralNet

if CommandLine.arguments.contains("gemm") {
    let rows = Int(CommandLine.arguments.last ?? "") ?? 16
    var total = 0.0
    for g in LSTMBenchmark.gemmShapes(rows: rows) {
        total += g.microseconds * Double(g.callsPerShard)
        print(g.label.padding(toLength: 28, withPad: " ", startingAt: 0), g.shape.padding(toLength: 20, withPad: " ", startingAt: 0),
              String(format: "%3d × %7.1f µs  %6.1f GFLOP/s", g.callsPerShard, g.microseconds, g.gflops))
    }
    print(String(format: "total per shard-batch %.0f µs", total))
    for (b, u) in [(rows, 64), (rows, 32)] {
        let k = LSTMBenchmark.cellKernelMicroseconds(batch: b, units: u)
        print(String(format: "gate kernels %d×%d: forward %.2f µs, backward %.2f µs per step", b, u, k.forward, k.backward))
    }
    exit(0)
}
// parity MODEL.safetensors INPUTS.npy OUTPUTS.npy: largest difference from the reference outputs (release kernels)
if CommandLine.arguments.count > 4, CommandLine.arguments[1] == "parity" {
    let a = CommandLine.arguments
    let model = try LSTMModel.load(from: a[2])
    let x = try NPY.read(path: a[3]).tensor, want = try NPY.read(path: a[4]).tensor
    let got = try model.forward(x)
    let worst = zip(got.values, want.values).map { abs($0 - $1) }.max() ?? .nan
    print(String(format: "largest |Lunar − reference| over %d outputs: %.2e", want.count, worst))
    exit(worst <= 1e-5 ? 0 : 1)
}
// compare FEATURES.npy LABELS.npy NAMES.txt EPOCHS SEED…: the validation loss after EPOCHS epochs per seed, on
// features exported by the Keras reference (keras_lstm.py --export: features.csv), for a same-data comparison
if CommandLine.arguments.count > 5, CommandLine.arguments[1] == "compare" {
    let a = CommandLine.arguments
    guard case .float64(let shape, let values) = try NPY.read(path: a[2]),
        case .float64(_, let labels) = try NPY.read(path: a[3])
    else { fatalError("float64 arrays expected") }
    let names = try String(contentsOfFile: a[4], encoding: .utf8).split(separator: ",").map(String.init)
    let features = try FeatureMatrix(rowCount: shape[0], columns: names, values: values)
    let epochs = Int(a[5]) ?? 10
    for seed in a.dropFirst(6).compactMap({ UInt64($0) }) {
        let model = try LSTMModel(config: .prototype(), featureNames: names, seed: seed)
        var options = TrainingOptions()
        options.epochs = epochs
        options.earlyStoppingPatience = nil
        options.restoreBestWeights = false
        options.seed = seed
        let h = try model.fit(features: features, labels: labels.map { Float($0) }, options: options)
        print("seed \(seed):", h.epochs.map { String(format: "%.4f", $0.valLoss ?? .nan) }.joined(separator: " "),
              String(format: "| final val loss %.4f, val AUC %.3f, median epoch %.3f s", h.epochs.last?.valLoss ?? .nan,
                     h.epochs.last?.valAUC ?? .nan, h.epochs.map(\.seconds).sorted()[h.epochs.count / 2]))
    }
    exit(0)
}
let epochs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 4 : 4
print(LSTMBenchmark.blasDescription, "threads", Parallel.maxThreads)
let t = try LSTMBenchmark.trainingEpochs(epochs: epochs)
print("train \(t.trainWindows) / val \(t.validationWindows) windows; epochs",
      t.epochSeconds.map { String(format: "%.3f", $0) }, String(format: "median after first %.3f s", t.medianAfterFirst),
      String(format: "val loss %.4f", t.finalValLoss), String(format: "CPU %.3f s/epoch", t.cpuSecondsPerEpoch))
if CommandLine.arguments.contains("train") { exit(0) }
if CommandLine.arguments.contains("ensemble") {
    let e = try LSTMBenchmark.ensembleEpochSeconds(members: 3, epochs: epochs)
    print(String(format: "ensemble of 3: %.3f s per epoch (%.2f× one model's median)", e, e / t.medianAfterFirst))
    exit(0)
}
let i = try LSTMBenchmark.inference()
print(String(format: "latest window %.1f µs · batch %.0f windows/s · streaming step %.2f µs",
             i.latestWindowSeconds * 1e6, i.batchWindowsPerSecond, i.streamingStepSeconds * 1e6))
