import ArgumentParser
import Foundation

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
