// Prints the NeuralNet timings (release build): swift run -c release lunar-nn-bench [epochs]
import Foundation
import NeuralNet

let epochs = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 4 : 4
print(LSTMBenchmark.blasDescription, "threads", Parallel.maxThreads)
let t = try LSTMBenchmark.trainingEpochs(epochs: epochs)
print("train \(t.trainWindows) / val \(t.validationWindows) windows; epochs",
      t.epochSeconds.map { String(format: "%.3f", $0) }, String(format: "median after first %.3f s", t.medianAfterFirst),
      String(format: "val loss %.4f", t.finalValLoss))
let i = try LSTMBenchmark.inference()
print(String(format: "latest window %.1f µs · batch %.0f windows/s · streaming step %.2f µs",
             i.latestWindowSeconds * 1e6, i.batchWindowsPerSecond, i.streamingStepSeconds * 1e6))
