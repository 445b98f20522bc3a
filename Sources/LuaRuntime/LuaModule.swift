/// A function of a Swift-provided module, with the documentation record `help` and completion use.
public struct LuaFunctionSpec {
    /// Name inside the module (`sma`).
    public var name: String
    /// Call signature with defaults, e.g. `sma(series, timeperiod=30)`.
    public var signature: String
    /// One-line summary.
    public var summary: String
    /// Longer help: arguments, returns, lookback, an example.
    public var details: String
    /// The implementation.
    public var body: LuaFunction

    public init(_ name: String, _ signature: String, _ summary: String, details: String = "",
                body: @escaping LuaFunction) {
        self.name = name
        self.signature = signature
        self.summary = summary
        self.details = details
        self.body = body
    }
}

/// A Swift-provided Lua module, loaded by `require(name)` through `package.preload`.
public struct LuaModule {
    /// Full module name, e.g. `lunar.ta`.
    public var name: String
    /// One-line summary.
    public var summary: String
    /// Functions of the module table.
    public var functions: [LuaFunctionSpec]
    /// Classes whose objects the module creates (metatables registered when the module loads).
    public var classes: [AnyLuaClass]
    /// Constant fields of the module table.
    public var values: [(String, LuaValue)]
    /// Extra set-up with the module table at the given stack index.
    public var setup: ((LuaState, Int32) -> Void)?

    public init(name: String, summary: String, functions: [LuaFunctionSpec] = [], classes: [AnyLuaClass] = [],
                values: [(String, LuaValue)] = [], setup: ((LuaState, Int32) -> Void)? = nil) {
        self.name = name
        self.summary = summary
        self.functions = functions
        self.classes = classes
        self.values = values
        self.setup = setup
    }
}
