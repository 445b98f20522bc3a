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
    exit(0)
}
let epochs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 4 : 4
print(LSTMBenchmark.blasDescription, "threads", Parallel.maxThreads)
let t = try LSTMBenchmark.trainingEpochs(epochs: epochs)
print("train \(t.trainWindows) / val \(t.validationWindows) windows; epochs",
      t.epochSeconds.map { String(format: "%.3f", $0) }, String(format: "median after first %.3f s", t.medianAfterFirst),
      String(format: "val loss %.4f", t.finalValLoss), String(format: "CPU %.3f s/epoch", t.cpuSecondsPerEpoch))
if CommandLine.arguments.contains("train") { exit(0) }
let i = try LSTMBenchmark.inference()
print(String(format: "latest window %.1f µs · batch %.0f windows/s · streaming step %.2f µs",
             i.latestWindowSeconds * 1e6, i.batchWindowsPerSecond, i.streamingStepSeconds * 1e6))
