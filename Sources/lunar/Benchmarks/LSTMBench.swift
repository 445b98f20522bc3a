import Foundation
import NeuralNet

/// `lunar bench lstm`: the prototype's model (35,521 parameters) on 4,680 synthetic bars (3,666 training + 912
/// validation windows): seconds per epoch, latest-window latency, batch throughput, streaming step and a 3-member
/// ensemble; Keras (`../shared/bench/lstm/keras_lstm.py`) is run in the same session when a Python with TensorFlow
/// is found (`LUNAR_KERAS_PYTHON`, or `.venv-keras/bin/python` in the repository).
struct LSTMBench {
    var epochs = 5

    /// Parts to run: `LUNAR_BENCH_LSTM=train,infer,ensemble,ensemble_train,kernels,keras` (default all but kernels).
    private var parts: Set<String> {
        let text = ProcessInfo.processInfo.environment["LUNAR_BENCH_LSTM"] ?? "train,infer,ensemble,ensemble_train,keras"
        return Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    func run() throws {
        let parts = self.parts
        print("Lunar LSTM benchmark on \(machineDescription()); \(LSTMBenchmark.blasDescription), threads \(Parallel.maxThreads), gate kernels \(LSTMBenchmark.cellKernelLanes) lanes")
        if parts.contains("kernels") {
            for (b, u) in [(16, 64), (16, 32), (64, 64), (64, 32)] {
                let c = LSTMBenchmark.cellKernelMicroseconds(batch: b, units: u)
                let s = LSTMBenchmark.cellKernelMicroseconds(batch: b, units: u, swift: true)
                print(String(format: "gate kernels %d × %d: forward %.2f µs (Swift %.2f), backward %.2f µs (Swift %.2f)",
                             b, u, c.forward, s.forward, c.backward, s.backward))
            }
        }
        var epoch = Double.nan
        if parts.contains("train") {
            let t = try LSTMBenchmark.trainingEpochs(epochs: epochs)
            epoch = t.medianAfterFirst
            print(String(format: "training: %d / %d windows, epoch %.3f s (median after the first; target ≤ 0.3 s), CPU %.2f s/epoch; epochs %@; final val loss %.9f",
                         t.trainWindows, t.validationWindows, t.medianAfterFirst, t.cpuSecondsPerEpoch,
                         t.epochSeconds.map { String(format: "%.3f", $0) }.joined(separator: " "), t.finalValLoss))
        }
        if parts.contains("infer") {
            let i = try LSTMBenchmark.inference()
            print(String(format: "inference: latest window %.1f µs (≤ 200), batch %.0f windows/s (≥ 50,000), streaming step %.2f µs (≤ 10)",
                         i.latestWindowSeconds * 1e6, i.batchWindowsPerSecond, i.streamingStepSeconds * 1e6))
        }
        if parts.contains("ensemble") {
            let i = try LSTMBenchmark.ensembleInference(members: 3)
            print(String(format: "ensemble of 3, latest window: %.1f µs vs one model %.1f µs = %.2f× (target ≤ 2×); members as alone within %.1e",
                         i.ensembleSeconds * 1e6, i.oneModelSeconds * 1e6, i.ensembleSeconds / i.oneModelSeconds,
                         Double(i.maxDifference)))
        }
        if parts.contains("ensemble_train") {
            let e = try LSTMBenchmark.ensembleEpochSeconds(members: 3)
            print(String(format: "ensemble of 3, training: %.3f s per epoch = %.2f× one model's epoch", e, e / epoch))
        }
        guard parts.contains("keras"), let keras = runKeras() else { return }
        let t = (medianAfterFirst: epoch, 0)
        if let s = keras["seconds_per_epoch_median_after_first"] as? Double {
            print(String(format: "Keras, same data and model, 1 thread: epoch %.3f s → Lunar %.1f× faster (target ≥ 6×)",
                         s, s / t.medianAfterFirst))
        }
        if let inf = keras["inference"] as? [String: Any] {
            let predict = inf["predict_1seq_ms_median"] as? Double ?? .nan
            let compiled = inf["tf_function_1seq_ms_median"] as? Double ?? .nan
            let batch = inf["batch_predict_seq_per_s"] as? Double ?? .nan
            print(String(format: "Keras inference: model.predict %.1f ms, tf.function %.2f ms, batch %.0f windows/s",
                         predict, compiled, batch))
        }
    }

    private func runKeras() -> [String: Any]? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("../shared/bench/lstm/keras_lstm.py").standardized.path
        let python = ProcessInfo.processInfo.environment["LUNAR_KERAS_PYTHON"]
            ?? root.appendingPathComponent(".venv-keras/bin/python").path
        guard FileManager.default.fileExists(atPath: script), FileManager.default.isExecutableFile(atPath: python) else {
            print("(Keras reference skipped: needs \(script) and a Python with TensorFlow: python3 -m venv .venv-keras && "
                  + ".venv-keras/bin/pip install -r ../shared/bench/lstm/requirements-tf.txt)")
            return nil
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-keras-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--bars", "4680", "--seed", "7", "--epochs", "\(epochs)", "--patience", "0",
                             "--threads", "1", "--verbose", "0", "--out", out.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            print("(Keras reference skipped: \(error))")
            return nil
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let data = try? Data(contentsOf: out.appendingPathComponent("results.json")),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            print("(Keras reference failed with status \(process.terminationStatus))")
            return nil
        }
        return json
    }
}
