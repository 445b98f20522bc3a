import ArgumentParser
import Foundation
import MarketData

// Keep freed large arrays in the process instead of returning them to the kernel: indicator outputs are allocated
// and freed per call, and page faults on fresh memory would cost more than the computation (see MemoryPolicy).
_ = MemoryPolicy.retainFreedMemory()

// Exit status as `lua`: 0 success, 1 script error, 2 usage error (ArgumentParser's default for usage is 64).
do {
    var command = try LunarCommand.parseAsRoot()
    try command.run()
} catch {
    let code = LunarCommand.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(Data((LunarCommand.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    LunarCommand.exit(withError: error)
}
