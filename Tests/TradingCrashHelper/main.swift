// A child process for the journal's kill -9 test: journals orders as fast as it can, printing each id only after
// its write is committed, until the test kills it with SIGKILL (or it stops by itself after 20,000 orders).
//
// Usage: TradingCrashHelper JOURNAL_PATH
// Output: one line per order, `intended ID` or `submitting ID BROKER_ID`, flushed.
import Foundation
import Trading

/// Writes a line straight to the pipe (unbuffered), so the parent sees it as soon as the write is committed.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: TradingCrashHelper JOURNAL_PATH\n".utf8))
    exit(2)
}
do {
    let journal = try Journal(url: URL(fileURLWithPath: CommandLine.arguments[1]))
    for i in 0..<20_000 {
        let id = "crash-\(i)"
        try journal.recordIntent(OrderIntent(clientOrderID: id, symbol: "AAPL", side: .buy, quantity: 1))
        if i % 2 == 0 {
            try journal.markSubmitting(id, brokerOrderID: "B\(i)")
            say("submitting \(id) B\(i)")
        } else {
            say("intended \(id)")
        }
    }
} catch {
    FileHandle.standardError.write(Data("TradingCrashHelper: \(error)\n".utf8))
    exit(1)
}
