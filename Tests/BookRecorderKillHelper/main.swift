// Test-only helper for BookAnalyticsTests' kill test (RecorderKillTests); not a product, not for users.
//
//     BookRecorderKillHelper PATH [BATCH] [CHUNK]
//
// Records a deterministic event stream (`KillTestEvents`, mirrored in the test) to a new recording at PATH, in
// batches of BATCH events (default 100), with the writer's chunk size CHUNK (default 64 KiB, so that the file grows
// often). After each batch it writes the total number of events appended so far to stdout on its own line (unbuffered).
// It never stops: the test kills it with SIGKILL and checks that every event it reported is in the file.
import BookAnalytics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `text` to a file descriptor unbuffered (one `write`, so a line is out before the next batch starts).
func say(_ text: String, to fd: Int32 = 1) {
    var text = text
    text.withUTF8 { bytes in
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 { if errno == EINTR { continue } else { exit(3) } }
            done += n
        }
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    say("usage: BookRecorderKillHelper PATH [BATCH] [CHUNK]\n", to: 2)
    exit(2)
}
let batch = arguments.count > 2 ? Int(arguments[2]) ?? 100 : 100
let chunk = arguments.count > 3 ? Int(arguments[3]) ?? (1 << 16) : 1 << 16
do {
    let writer = try RecordingWriter(path: arguments[1], mode: .create, chunkSize: chunk)
    var events = try KillTestEvents()
    while true {
        for _ in 0..<batch { try writer.append(events.next()) }
        say("\(writer.eventCount)\n")
    }
} catch {
    say("BookRecorderKillHelper: \(error)\n", to: 2)
    exit(1)
}

/// The event stream: synthetic SMART-depth L2 rows and trades (records of several lengths) with a label every 997
/// events. Keep in step with `KillTestEvents` in Tests/BookAnalyticsTests/Recording/RecorderKillTests.swift.
struct KillTestEvents {
    var generator: SyntheticDepthGenerator
    var index = 0

    init() throws {
        var configuration = SyntheticDepthConfiguration()
        configuration.marketMakers = ["ARCA", "NSDQ", "BATS", "EDGX"]
        generator = try SyntheticDepthGenerator(seed: 20_261_125, configuration: configuration)
    }

    mutating func next() -> BookEvent {
        defer { index += 1 }
        if index % 997 == 0 { return BookEvent(timestamp: Int64(index), stream: 1, payload: .label("batch \(index)")) }
        return generator.nextEvent()
    }
}
