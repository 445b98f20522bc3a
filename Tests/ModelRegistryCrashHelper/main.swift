// A child process for the model registry's SIGKILL tests.
//
// Usage: ModelRegistryCrashHelper ROOT MODEL_FILE MODE
//   MODE `loop`: register MODEL_FILE and promote it, again and again (at most 2,000 times), printing
//                `promoted VERSION` after each promotion returns.
//   MODE `pause-register:STEP` or `pause-promote:STEP`: first registers and promotes once (`deployed VERSION`), then
//                registers (and promotes) again, printing `paused STEP` and sleeping when the registry reaches STEP
//                (candidateCopied, candidateStored, registryWritten), until the test kills it.
// Lines are written unbuffered.
import Foundation
import Trading

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let args = CommandLine.arguments
guard args.count == 4 else {
    FileHandle.standardError.write(Data("usage: ModelRegistryCrashHelper ROOT MODEL_FILE MODE\n".utf8))
    exit(2)
}
let registry = ModelRegistry(root: URL(fileURLWithPath: args[1]))
let model = URL(fileURLWithPath: args[2])
let mode = args[3]
nonisolated(unsafe) var clock = Date(timeIntervalSince1970: 1_800_000_000)
func next() -> Date {
    clock = clock.addingTimeInterval(60)
    return clock
}
do {
    if mode == "loop" {
        for _ in 0..<2_000 {
            let v = try registry.register(candidateAt: model, symbol: "AAPL", metrics: ["sharpe": 1], createdAt: next())
            try registry.promote(symbol: "AAPL", version: v.version)
            say("promoted \(v.version)")
        }
        exit(0)
    }
    let parts = mode.split(separator: ":").map(String.init)
    guard parts.count == 2, let step = ModelRegistry.Step(rawValue: parts[1]) else {
        FileHandle.standardError.write(Data("unknown mode \(mode)\n".utf8))
        exit(2)
    }
    let first = try registry.register(candidateAt: model, symbol: "AAPL", metrics: ["sharpe": 1], createdAt: next())
    try registry.promote(symbol: "AAPL", version: first.version)
    say("deployed \(first.version)")
    let hook: @Sendable (ModelRegistry.Step) -> Void = { reached in
        guard reached == step else { return }
        say("paused \(reached.rawValue)")
        while true { sleep(60) }
    }
    if parts[0] == "pause-register" { registry.faultHook = hook }
    let second = try registry.register(candidateAt: model, symbol: "AAPL", metrics: ["sharpe": 2], createdAt: next())
    registry.faultHook = hook
    try registry.promote(symbol: "AAPL", version: second.version)
    say("finished without pausing")
} catch {
    FileHandle.standardError.write(Data("ModelRegistryCrashHelper: \(error)\n".utf8))
    exit(1)
}
