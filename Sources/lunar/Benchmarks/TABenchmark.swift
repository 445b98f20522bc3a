import Foundation
import Indicators
import MarketData

/// `lunar bench ta`: the seed19 features on 1,000,000 bars, every indicator against TA-Lib on the same bars, and a
/// 1,000,000-row CSV load. TA-Lib + NumPy are timed by `Benchmarks/ta_reference.py` in the same run.
struct TABenchmark {
    var bars: Int
    var repetitions = 5

    func run() throws {
        print("Lunar ta benchmark on \(machineDescription()): \(bars) synthetic 1-minute bars, best of \(repetitions)")
        var config = SyntheticMarket.Config(bars: bars, seed: 1, interval: 60)
        config.startTime = 1_577_836_800
        let series = SyntheticMarket.generate(config)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-bench-ta-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        // CSV load.
        let csv = dir.appendingPathComponent("bars.csv").path
        try series.writeCSV(to: csv)
        let load = best { _ = try? CSVReader.read(path: csv) }
        let size = (try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        print(String(format: "CSV load, %d rows (%.0f MB): %.3f s (target ≤ 1 s)", bars, Double(size) / 1e6, load))

        // Reference run (TA-Lib + NumPy) on the same bars and parameters.
        let reference = runReference(series, dir: dir)

        // seed19.
        let features = best { _ = Seed19.compute(series) }
        let perBar = features / Double(bars) * 1e9
        var line = String(format: "seed19 features: %.1f ns/bar (target ≤ 20)", perBar)
        if let ref = reference?["seed19"] as? Double {
            line += String(format: "; TA-Lib + NumPy %.1f ns/bar → %.1f× faster", ref / Double(bars) * 1e9, ref / features)
        }
        print(line)

        // Each indicator with its defaults.
        let refIndicators = reference?["indicators"] as? [String: Double] ?? [:]
        print("indicator      lunar ms   TA-Lib ms   lunar/TA-Lib (target ≤ 1.2)")
        var worst: (String, Double) = ("", 0)
        for spec in IndicatorSpec.all {
            let inputs = spec.inputs.map { series.values($0 == .real ? "close" : $0.rawValue)! }
            let t = best { _ = try? spec.run(inputs) }
            var row = spec.name.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%8.2f", t * 1e3)
            if let r = refIndicators[spec.name] {
                let ratio = t / r
                if ratio > worst.1 { worst = (spec.name, ratio) }
                row += String(format: "   %9.2f   %6.2f%@", r * 1e3, ratio, ratio > 1.2 ? "  ✗" : "")
            }
            print(row)
        }
        if !refIndicators.isEmpty { print(String(format: "slowest relative to TA-Lib: %@ at %.2f×", worst.0, worst.1)) }
    }

    private func best(_ body: () -> Void) -> Double {
        var result = Double.infinity
        for _ in 0..<repetitions {
            let start = DispatchTime.now()
            body()
            result = min(result, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
        return result
    }

    /// Runs Benchmarks/ta_reference.py; nil (with a note) when Python, NumPy or TA-Lib are missing.
    private func runReference(_ series: BarSeries, dir: URL) -> [String: Any]? {
        let script = referenceScript()
        guard FileManager.default.fileExists(atPath: script) else {
            print("(reference skipped: \(script) not found)")
            return nil
        }
        var raw: [Double] = [Double(series.count)]
        raw += series.open + series.high + series.low + series.close + series.volume
        let barsPath = dir.appendingPathComponent("bars.f64")
        let specPath = dir.appendingPathComponent("spec.json")
        raw.withUnsafeBytes { try? Data($0).write(to: barsPath) }
        let indicators: [[String: Any]] = IndicatorSpec.all.map { spec in
            var parameters: [String: Any] = [:]
            for p in spec.parameters { parameters[p.name] = p.kind == .real ? p.defaultValue : Int(p.defaultValue) }
            return ["name": spec.name, "inputs": spec.inputs.map(\.rawValue), "parameters": parameters]
        }
        let spec: [String: Any] = ["indicators": indicators, "repetitions": repetitions]
        try? JSONSerialization.data(withJSONObject: spec).write(to: specPath)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, barsPath.path, specPath.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            print("(reference skipped: cannot run python3: \(error))")
            return nil
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            print("(reference skipped: \(errText.split(separator: "\n").last ?? "python failed"); pip install ta-lib numpy)")
            return nil
        }
        print("reference: TA-Lib \(json["talib_version"] ?? "?"), NumPy \(json["numpy_version"] ?? "?") (same bars, same parameters)")
        return json
    }

    private func referenceScript() -> String {
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Benchmarks/ta_reference.py").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Benchmarks/ta_reference.py").path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[1]
    }
}
