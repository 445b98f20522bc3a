/// An error raised by Lua code and caught by Swift (`lua_pcall` status mapped to a type).
///
/// Swift never calls Lua unprotected, so every failure of Lua code reaches Swift as one of these.
public enum LuaError: Error, Equatable, CustomStringConvertible {
    /// The chunk did not compile. `incompleteInput` is Lua's `<eof>` rule: more lines could complete it.
    case syntax(message: String, incompleteInput: Bool)
    /// The code raised an error; `traceback` is the stack at the point of the error.
    case runtime(message: String, traceback: String)
    /// Lua could not allocate memory (Lunar's allocator aborts instead, so this is rare).
    case memory(String)
    /// The message handler itself failed.
    case handler(String)
    /// A file could not be opened or read (missing script).
    case file(String)

    /// The error message without the traceback.
    public var message: String {
        switch self {
        case .syntax(let message, _), .runtime(let message, _), .memory(let message), .handler(let message),
            .file(let message):
            return message
        }
    }

    public var description: String {
        if case .runtime(let message, let traceback) = self, !traceback.isEmpty {
            return message + "\n" + traceback
        }
        return message
    }
}

/// Thrown by a Swift function called from Lua when an argument is wrong; raised in Lua by `luaL_argerror` or
/// `luaL_typeerror`, so the message reads like Lua's own: `bad argument #2 to 'sma' (number expected, got nil)`.
public struct LuaArgumentError: Error, Equatable {
    /// What is wrong with the argument.
    public enum Problem: Equatable, Sendable {
        /// The argument has the wrong type; `expected` is a Lua type name or a class name (`lunar.BarSeries`).
        case type(expected: String)
        /// Any other problem, e.g. `period must be at least 2`.
        case message(String)
    }

    /// The 1-based stack index of the argument (for methods, `self` is 1).
    public var index: Int32
    /// What is wrong.
    public var problem: Problem

    /// An argument of the wrong type.
    public init(index: Int32, expected: String) {
        self.index = index
        self.problem = .type(expected: expected)
    }

    /// An argument with a bad value.
    public init(index: Int32, message: String) {
        self.index = index
        self.problem = .message(message)
    }
}

/// Thrown by long-running Swift work when the user pressed Ctrl-C (see ``Interrupt``).
public struct LuaInterrupted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted!" }
}

/// An operational error raised from Swift with a message the user can act on; reaches Lua as
/// `"file:line: message"`. Any other Swift `Error` is reported the same way, through its description.
public struct LuaScriptError: Error, CustomStringConvertible {
    /// The message, without position.
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
