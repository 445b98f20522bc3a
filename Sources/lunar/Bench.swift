import ArgumentParser
import Foundation
import IBKR

/// `lunar bench SUITE...`: benchmarks whose figures go into BENCHMARKS.md.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run benchmarks (a measurement, never a test).",
        discussion: """
            Suites: host (Lua→Swift call overhead next to a plain C function; REPL start-up);
            ta (seed19 features and every indicator against TA-Lib + NumPy measured in the same run by
            Benchmarks/ta_reference.py, which needs `pip install ta-lib numpy`; CSV load);
            backtest (SMA-cross simulation and a 100-combination sweep against vectorbt and backtesting.py, measured
            by Benchmarks/backtest_reference.py: `pip install vectorbt backtesting`);
            book (depth operations per second, book17 feature latency, record and replay throughput);
            lstm (training epoch, inference, streaming, ensemble; Keras measured in the same run when a Python
            with TensorFlow is available: LUNAR_KERAS_PYTHON or .venv-keras/bin/python);
            tws (tick decoding throughput, simulator order → fill round trip).
            """)

    @Argument(help: "Suites to run: host, ta, backtest, book, lstm, tws.")
    var suites: [String] = ["host"]

    @Option(help: "Calls per timing run for call-overhead measurements.")
    var calls: Int = 20_000_000

    @Option(help: "REPL start-ups to time.")
    var startups: Int = 20

    @Option(help: "Bars for the ta suite.")
    var bars: Int = 1_000_000

    static let known = ["host", "ta", "backtest", "book", "lstm", "tws"]

    func validate() throws {
        for s in suites where !Self.known.contains(s) {
            throw ValidationError("unknown benchmark suite '\(s)' (known: \(Self.known.joined(separator: ", ")))")
        }
    }

    func run() throws {
        for suite in suites {
            switch suite {
            case "host": try HostBenchmark(calls: calls, startups: startups).run()
            case "ta": try TABenchmark(bars: bars).run()
            case "backtest": try BacktestBench().run()
            case "book": try BookBench().run()
            case "lstm": try LSTMBench().run()
            case "tws":
                print("Lunar TWS benchmark on \(machineDescription())")
                print("decode ticks: \(TWSBenchmark.decodeTicks())  (target ≥ 2 M messages/s)")
                print("order → fill round trip on loopback: \(try TWSBenchmark.orderRoundTrip())  (target ≤ 1 ms median)")
            default: break
            }
        }
    }
}
