import Backtesting
import Foundation

/// `lunar bench backtest`: SMA-cross simulation on 1,000,000 bars and the 100-combination sweep on 100,000 bars,
/// with vectorbt and backtesting.py timed by `Benchmarks/backtest_reference.py` in the same run.
struct BacktestBench {
    var bars = 1_000_000
    var sweepBars = 100_000
    var backtestingPyBars = 20_000

    func run() throws {
        print("Lunar backtest benchmark on \(machineDescription()): SMA 10/20 cross, commission 0.2%, all cash")
        let data = try BacktestBenchmark.syntheticBars(count: bars, seed: 1)
        let simulation = try BacktestBenchmark.smaCrossSimulation(bars: data)
        let endToEnd = try BacktestBenchmark.smaCrossEndToEnd(bars: data)
        let sweepData = try data.slice(0..<sweepBars)
        let sweep = try BacktestBenchmark.smaCrossSweep(bars: sweepData).timing
        let reference = runReference(data)

        print(String(format: "simulation, %d bars: %.1f ns/bar (target ≤ 20), %d trades", bars,
                     simulation.nanosecondsPerBar, simulation.trades))
        if let v = reference?["vectorbt_simulation_s"] as? Double {
            let perBar = v / Double(bars) * 1e9
            print(String(format: "  vectorbt %@: %.1f ns/bar → Lunar %.1f× faster", reference?["vectorbt_version"] as? String ?? "",
                         perBar, perBar / simulation.nanosecondsPerBar))
        }
        if let b = reference?["backtesting_py_s"] as? Double, let n = reference?["backtesting_py_bars"] as? Int {
            let perBar = b / Double(n) * 1e9
            print(String(format: "  backtesting.py %@ (%d bars): %.2f µs/bar → Lunar %.0f× faster",
                         reference?["backtesting_version"] as? String ?? "", n, perBar / 1e3,
                         perBar / simulation.nanosecondsPerBar))
        }
        print(String(format: "with signals and every metric: %.1f ns/bar", endToEnd.nanosecondsPerBar))
        print(String(format: "sweep fast 5…14 × slow 20…29 (100 runs) on %d bars, %d threads: %.3f s (target ≤ 0.4 s)",
                     sweepBars, ParameterSweep.threadCount(), sweep.seconds))
        if let v = reference?["vectorbt_sweep_s"] as? Double {
            print(String(format: "  vectorbt, same sweep: %.2f s → Lunar %.1f× faster", v, v / sweep.seconds))
        }
    }

    private func runReference(_ data: BacktestBars) -> [String: Any]? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-bench-bt-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var raw: [Double] = [Double(data.count)]
        raw += data.open + data.high + data.low + data.close
        let path = dir.appendingPathComponent("bars.f64")
        raw.withUnsafeBytes { try? Data($0).write(to: path) }
        return ReferenceScript.run("backtest_reference.py", arguments: [path.path, "\(sweepBars)", "\(backtestingPyBars)"],
                                   needs: "pip install vectorbt backtesting")
    }
}

/// Runs a reference script from `Benchmarks/` with python3 and parses its JSON output (nil, with a note, when
/// Python or the script's packages are missing).
enum ReferenceScript {
    static func run(_ name: String, arguments: [String], needs: String) -> [String: Any]? {
        let candidates = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Benchmarks/\(name)").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Benchmarks/\(name)").path,
        ]
        guard let script = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            print("(reference skipped: Benchmarks/\(name) not found)")
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            print("(reference skipped: cannot run python3: \(error))")
            return nil
        }
        // Drain stderr on another thread so a chatty script cannot block on a full pipe.
        final class Sink: @unchecked Sendable { var data = Data() }
        let sink = Sink()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            sink.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        let errData = sink.data
        guard process.terminationStatus == 0,
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            let last = String(decoding: errData, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "python failed"
            print("(reference skipped: \(last); \(needs))")
            return nil
        }
        return json
    }
}
