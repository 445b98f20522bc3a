import CLua
import CLuaShims
import Foundation

/// One Lua 5.4 state and everything Lunar hangs on it: registered classes, documentation, references.
///
/// This is the only Swift type that owns a `lua_State`. It is confined to the thread that created it (not
/// `Sendable`): Swift may compute on other threads, but it calls Lua only from here. Swift calls Lua only through
/// `lua_pcall` with a traceback handler (``call(nargs:nresults:)``), so Lua errors come back as ``LuaError``.
public final class LuaState {
    /// The raw Lua thread Swift operates on: the main thread, or the coroutine whose call into Swift is running
    /// (switched by the dispatcher, so bindings always work on the caller's stack). Use it only for `-`/`m`-class
    /// API calls; see ``LuaStack``.
    public internal(set) var L: OpaquePointer
    /// The main thread.
    public let mainThread: OpaquePointer
    /// Documentation records registered by the bindings (feeds `help` and completion).
    public let documentation = Documentation()
    /// Metatable names of the classes registered so far.
    private var registeredClasses: Set<String> = []
    /// Swift-provided modules (`require "lunar.x"` through `package.preload`).
    public private(set) var modules: [String: LuaModule] = [:]
    /// References released by Swift whose `luaL_unref` waits for a safe point on the Lua thread.
    var pendingUnrefs: [Int32] = []
    /// Number of ``LuaRef``s alive (a test asserts this returns to its start value: no leaked references).
    public internal(set) var liveReferenceCount = 0
    /// Per-state storage for bindings (e.g. Lua callbacks registered by name). Lua-thread only.
    public var userInfo: [String: Any] = [:]
    /// The stdlib directory put on `package.path` by ``StdlibLoader``, if any.
    public internal(set) var stdlibDirectory: String?

    /// Creates a state with Lua's standard libraries opened.
    public init(openStandardLibraries: Bool = true) {
        _ = Trampoline.installed
        guard let L = lunar_newstate() else { fatalError("lunar: cannot create a Lua state (out of memory)") }
        self.L = L
        self.mainThread = L
        lunar_getextraspace(L).storeBytes(of: Unmanaged.passUnretained(self).toOpaque(), as: UnsafeMutableRawPointer.self)
        if openStandardLibraries { luaL_openlibs(L) }
    }

    deinit {
        lua_close(mainThread)  // runs every __gc: Swift objects boxed in userdata are released here
    }

    /// The `LuaState` that owns a raw state (stored in the state's extra space).
    public static func owner(of L: OpaquePointer) -> LuaState {
        let p = lunar_getextraspace(L).load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<LuaState>.fromOpaque(p).takeUnretainedValue()
    }

    // MARK: Stack

    /// The index of the top of the stack.
    public var top: Int32 {
        get { lua_gettop(L) }
        set { lua_settop(L, newValue) }
    }

    /// Pops `n` values.
    public func pop(_ n: Int32 = 1) { lunar_pop(L, n) }

    /// Pushes a copied value.
    public func push(_ value: LuaValue) { LuaStack(L).push(value) }

    /// Pushes a string.
    public func push(_ value: String) { LuaStack(L).push(value) }

    /// Pushes a Swift function as a Lua function.
    public func push(function: @escaping LuaFunction) {
        let box = Unmanaged.passRetained(LuaFunctionBox(function, mainThread: mainThread)).toOpaque()
        lunar_push_swift_function(L, box)
    }

    /// Pushes a Swift object boxed as userdata of class `cls`, registering the class on first use.
    public func push<T: AnyObject>(_ object: T, as cls: LuaClass<T>) {
        if !registeredClasses.contains(cls.name) { register(cls) }
        lunar_push_object(L, Unmanaged.passRetained(object).toOpaque(), cls.name)
    }

    /// A copy of the value at `index`.
    public func value(at index: Int32) -> LuaValue { LuaStack(L).value(at: index) }

    /// `tostring` of the value at `index`, computed safely.
    public func describe(at index: Int32) -> String { LuaStack(L).describe(at: index) }

    /// The type of the value at `index`.
    public func type(at index: Int32) -> LuaType { LuaType(rawValue: lua_type(L, index)) ?? .none }

    // MARK: Globals

    /// Sets global `name` to a copied value.
    public func setGlobal(_ name: String, _ value: LuaValue) {
        push(value)
        lua_setglobal(L, name)
    }

    /// Sets global `name` to a Swift function.
    public func setGlobal(_ name: String, function: @escaping LuaFunction) {
        push(function: function)
        lua_setglobal(L, name)
    }

    /// A copy of global `name` (raw read of the globals table).
    public func global(_ name: String) -> LuaValue {
        lunar_pushglobaltable(L)
        push(name)
        lua_rawget(L, -2)
        defer { pop(2) }
        return value(at: -1)
    }

    // MARK: Loading and calling

    /// Compiles `code` and pushes the resulting function.
    public func load(_ code: String, name: String) throws(LuaError) {
        drainUnrefs()
        var code = code
        let status = code.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { lunar_loadbuffer(L, $0.baseAddress, $0.count, name) }
        }
        if status != LUA_OK { throw popLoadError(status) }
    }

    /// Compiles the file at `path` (a leading `#!` line is skipped, as `lua` does) and pushes the function.
    public func loadFile(_ path: String) throws(LuaError) {
        drainUnrefs()
        let status = luaL_loadfilex(L, path, nil)
        if status != LUA_OK { throw popLoadError(status) }
    }

    private func popLoadError(_ status: Int32) -> LuaError {
        let message = LuaStack(L).string(at: -1) ?? "?"
        pop()
        switch status {
        case LUA_ERRSYNTAX: return .syntax(message: message, incompleteInput: message.hasSuffix("<eof>"))
        case LUA_ERRMEM: return .memory(message)
        case LUA_ERRFILE: return .file(message)
        default: return .runtime(message: message, traceback: "")
        }
    }

    /// Calls the function below `nargs` arguments with `lua_pcall` and a traceback handler.
    /// On success leaves `nresults` results (all of them for `LUA_MULTRET`); on failure leaves nothing and throws.
    public func call(nargs: Int32 = 0, nresults: Int32 = LUA_MULTRET) throws(LuaError) {
        drainUnrefs()
        let status = lunar_pcall_traceback(L, nargs, nresults)
        if status == LUA_OK { return }
        let message = describe(at: -1)
        pop()
        lua_getfield(L, LUA_REGISTRYINDEX, "lunar.traceback")
        let traceback = LuaStack(L).string(at: -1) ?? ""
        pop()
        lua_pushnil(L)
        lua_setfield(L, LUA_REGISTRYINDEX, "lunar.traceback")
        switch status {
        case LUA_ERRMEM: throw .memory(message)
        case LUA_ERRERR: throw .handler(message)
        default: throw .runtime(message: message, traceback: traceback)
        }
    }

    /// Runs `code` and returns its results as copies.
    @discardableResult
    public func execute(_ code: String, name: String = "=(lunar)") throws(LuaError) -> [LuaValue] {
        let base = top
        try load(code, name: name)
        try call()
        defer { top = base }
        return (base + 1..<top + 1).map { value(at: $0) }
    }

    /// `require(name)`, leaving the module's value on the stack.
    public func require(_ name: String) throws(LuaError) {
        lua_getglobal(L, "require")
        push(name)
        try call(nargs: 1, nresults: 1)
    }

    // MARK: Classes and modules

    /// Creates the metatable of `cls` (idempotent).
    public func register<T: AnyObject>(_ cls: LuaClass<T>) {
        guard !registeredClasses.contains(cls.name) else { return }
        registeredClasses.insert(cls.name)
        cls.install(in: self)
        lunar_pop(L, 1)
    }

    /// Makes `module` loadable with `require(module.name)` and records its documentation.
    public func preload(_ module: LuaModule) {
        modules[module.name] = module
        documentation.add(module: module)
        lua_getglobal(L, "package")
        push("preload")
        lua_rawget(L, -2)
        push(module.name)
        push(function: { [unowned self] call in
            self.pushModuleTable(module)
            return 1
        })
        lua_rawset(L, -3)
        pop(2)
    }

    /// Builds the table of a module: its functions, values and class constructors.
    func pushModuleTable(_ module: LuaModule) {
        for cls in module.classes { cls.register(self) }
        lua_createtable(L, 0, Int32(module.functions.count))
        let table = top
        for f in module.functions {
            push(function: f.body)
            documentation.bind(valueAt: top, to: module.name + "." + f.name, state: self)
            lua_setfield(L, table, f.name)
        }
        for (name, value) in module.values {
            push(value)
            lua_setfield(L, table, name)
        }
        documentation.bind(valueAt: table, to: module.name, state: self)
        module.setup?(self, table)
    }

    // MARK: References

    /// A reference to the value at `index`, valid until the ``LuaRef`` is released.
    public func reference(_ index: Int32) -> LuaRef {
        lua_pushvalue(L, index)
        let ref = luaL_ref(L, LUA_REGISTRYINDEX)
        return LuaRef(state: self, ref: ref)
    }

    /// Releases references whose owners were deinitialised (possibly inside a finalizer, where Lua must not be
    /// touched). Runs at the safe points where Swift enters Lua.
    public func drainUnrefs() {
        guard !pendingUnrefs.isEmpty else { return }
        let refs = pendingUnrefs
        pendingUnrefs.removeAll()
        for r in refs { luaL_unref(L, LUA_REGISTRYINDEX, r) }
    }

    /// Runs a full garbage collection (and releases pending references).
    public func collectGarbage() {
        drainUnrefs()
        _ = lunar_gc_collect(L)
        drainUnrefs()
    }
}

extension LuaState {
    /// Pops the top value into global `name`.
    public func setGlobalFromTop(_ name: String) {
        lua_setglobal(L, name)
    }

    /// The `__name` of the metatable of the value at `index` (class name of a Lunar object), if any.
    public func metatableName(at index: Int32) -> String? {
        guard lua_getmetatable(L, index) != 0 else { return nil }
        push("__name")
        lua_rawget(L, -2)
        defer { pop(2) }
        return LuaStack(L).string(at: -1)
    }
}
