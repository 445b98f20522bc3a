import CLua
import CLuaShims

/// The view a Swift function gets of its Lua call: typed argument reads that throw Lua-style argument errors, and
/// pushes for the results. Reads use only API functions that cannot raise (the manual's `-` and `m` classes).
///
/// Indices are stack indices: argument 1 is index 1 (for methods, `self`).
public struct LuaCall {
    /// The raw state (valid only during the call).
    public let L: OpaquePointer

    /// Wraps the state of a call in progress.
    @inline(__always)
    public init(_ L: OpaquePointer) { self.L = L }

    /// The host state this call runs in.
    public var state: LuaState { LuaState.owner(of: L) }

    /// Number of arguments passed.
    @inline(__always)
    public var count: Int32 { lua_gettop(L) }

    /// The type of argument `i` (`.none` past the last argument).
    @inline(__always)
    public func type(_ i: Int32) -> LuaType { LuaType(rawValue: lua_type(L, i)) ?? .none }

    /// True if argument `i` is absent or nil.
    @inline(__always)
    public func isNoneOrNil(_ i: Int32) -> Bool { lua_type(L, i) <= 0 }

    // MARK: Reading arguments

    /// A number (or a string convertible to one, as Lua's `luaL_checknumber`).
    @inline(__always)
    public func number(_ i: Int32) throws -> Double {
        var ok: Int32 = 0
        let v = lua_tonumberx(L, i, &ok)
        if ok == 0 { throw LuaArgumentError(index: i, expected: "number") }
        return v
    }

    /// A number, or `defaultValue` when the argument is absent or nil.
    public func number(_ i: Int32, default defaultValue: Double) throws -> Double {
        isNoneOrNil(i) ? defaultValue : try number(i)
    }

    /// An integer; a float with an exact integer value is accepted, as Lua's `luaL_checkinteger`.
    @inline(__always)
    public func integer(_ i: Int32) throws -> Int {
        var ok: Int32 = 0
        let v = lua_tointegerx(L, i, &ok)
        if ok == 0 {
            if lua_type(L, i) == LUA_TNUMBER {
                throw LuaArgumentError(index: i, message: "number has no integer representation")
            }
            throw LuaArgumentError(index: i, expected: "number")
        }
        return Int(v)
    }

    /// An integer, or `defaultValue` when the argument is absent or nil.
    public func integer(_ i: Int32, default defaultValue: Int) throws -> Int {
        isNoneOrNil(i) ? defaultValue : try integer(i)
    }

    /// A string (numbers are converted, as Lua's `luaL_checkstring`).
    public func string(_ i: Int32) throws -> String {
        let t = lua_type(L, i)
        guard t == LUA_TSTRING || t == LUA_TNUMBER else { throw LuaArgumentError(index: i, expected: "string") }
        var len = 0
        let p = lua_tolstring(L, i, &len)!
        return String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
    }

    /// A string, or `defaultValue` when the argument is absent or nil.
    public func string(_ i: Int32, default defaultValue: String) throws -> String {
        isNoneOrNil(i) ? defaultValue : try string(i)
    }

    /// A boolean; absent or nil reads as `defaultValue`, any other value with Lua's truthiness.
    public func boolean(_ i: Int32, default defaultValue: Bool = false) -> Bool {
        isNoneOrNil(i) ? defaultValue : lua_toboolean(L, i) != 0
    }

    /// Checks that argument `i` is a table and returns a read-only view of it (raw access: no metamethods).
    public func table(_ i: Int32) throws -> LuaTable {
        guard lua_type(L, i) == LUA_TTABLE else { throw LuaArgumentError(index: i, expected: "table") }
        return LuaTable(L: L, index: lua_absindex(L, i), argument: i)
    }

    /// A named-options table (`f{units=64, dropout=0.1}`); absent or nil gives an empty set of options.
    public func options(_ i: Int32, function: String) throws -> LuaOptions {
        if isNoneOrNil(i) { return LuaOptions(table: nil, argument: i) }
        return LuaOptions(table: try table(i), argument: i)
    }

    /// A Swift object of the class `cls` boxed at argument `i`.
    @inline(__always)
    public func object<T: AnyObject>(_ i: Int32, of cls: LuaClass<T>) throws -> T {
        var isBox: Int32 = 0
        guard let p = lunar_to_object(L, i, cls.name, &isBox) else {
            if isBox != 0 { throw LuaArgumentError(index: i, message: "\(cls.name) is closed") }
            throw LuaArgumentError(index: i, expected: cls.name)
        }
        return Unmanaged<T>.fromOpaque(p).takeUnretainedValue()
    }

    /// A reference to the function at argument `i`, to be called later from Swift.
    public func function(_ i: Int32) throws -> LuaRef {
        guard lua_type(L, i) == LUA_TFUNCTION else { throw LuaArgumentError(index: i, expected: "function") }
        return state.reference(i)
    }

    /// A copy of argument `i` as a ``LuaValue``.
    public func value(_ i: Int32) -> LuaValue { LuaStack(L).value(at: i) }

    // MARK: Pushing results

    /// Pushes nil.
    @inline(__always) public func pushNil() { lua_pushnil(L) }
    /// Pushes a number.
    @inline(__always) public func push(_ v: Double) { lua_pushnumber(L, v) }
    /// Pushes an integer.
    @inline(__always) public func push(_ v: Int) { lua_pushinteger(L, lua_Integer(v)) }
    /// Pushes a boolean.
    @inline(__always) public func push(_ v: Bool) { lua_pushboolean(L, v ? 1 : 0) }
    /// Pushes a string.
    public func push(_ v: String) { LuaStack(L).push(v) }
    /// Pushes a copied value.
    public func push(_ v: LuaValue) { LuaStack(L).push(v) }
    /// Pushes a Swift object boxed as userdata of class `cls` (Lua holds a strong reference until `__gc` or
    /// `:close()`).
    public func push<T: AnyObject>(_ object: T, as cls: LuaClass<T>) { state.push(object, as: cls) }
    /// Pushes the value referenced by `ref`.
    public func push(_ ref: LuaRef) { ref.push() }
}

/// A read-only, raw-access view of a table argument.
public struct LuaTable {
    let L: OpaquePointer
    /// Absolute stack index of the table.
    public let index: Int32
    /// The argument number, for error messages.
    public let argument: Int32

    /// `#t` without metamethods.
    public var count: Int { Int(lua_rawlen(L, index)) }

    /// Pushes `t[key]` (raw) and returns its type; the caller pops.
    func pushField(_ key: String) -> Int32 {
        lua_pushstring(L, key)
        return lua_rawget(L, index)
    }

    /// `t[i]` as a number (raw), for arrays of numbers.
    public func number(at i: Int) throws -> Double {
        lua_rawgeti(L, index, lua_Integer(i))
        defer { lunar_pop(L, 1) }
        var ok: Int32 = 0
        let v = lua_tonumberx(L, -1, &ok)
        if ok == 0 {
            throw LuaArgumentError(
                index: argument,
                message: "element \(i): number expected, got \(LuaType(rawValue: lua_type(L, -1))?.name ?? "?")")
        }
        return v
    }

    /// All elements 1...#t as numbers.
    public func numbers() throws -> [Double] {
        let n = count
        var out = [Double]()
        out.reserveCapacity(n)
        for i in 0..<n { out.append(try number(at: i + 1)) }
        return out
    }

    /// The string keys of the table (raw traversal).
    public func stringKeys() -> [String] {
        var keys = [String]()
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            if lua_type(L, -2) == LUA_TSTRING { keys.append(String(cString: lua_tolstring(L, -2, nil))) }
            lunar_pop(L, 1)
        }
        return keys
    }
}

/// A named-options table, read field by field with errors that name the field; ``finish()`` rejects unknown
/// keys with a "did you mean" hint, so a typo (`untis=64`) is an error instead of a silently ignored option.
public final class LuaOptions {
    let table: LuaTable?
    let argument: Int32
    private var consumed: Set<String> = []

    init(table: LuaTable?, argument: Int32) {
        self.table = table
        self.argument = argument
    }

    private func read<T>(_ key: String, _ body: (OpaquePointer, Int32) -> T?, expected: String) throws -> T? {
        consumed.insert(key)
        guard let table else { return nil }
        let t = table.pushField(key)
        defer { lunar_pop(table.L, 1) }
        if t == LUA_TNIL { return nil }
        guard let v = body(table.L, t) else {
            let got = LuaType(rawValue: t)?.name ?? "?"
            throw LuaArgumentError(index: argument, message: "field '\(key)': \(expected) expected, got \(got)")
        }
        return v
    }

    /// A number option.
    public func number(_ key: String, default d: Double) throws -> Double {
        try read(key, { L, _ in var ok: Int32 = 0; let v = lua_tonumberx(L, -1, &ok); return ok != 0 ? v : nil },
                 expected: "number") ?? d
    }

    /// An integer option.
    public func integer(_ key: String, default d: Int) throws -> Int {
        try read(key, { L, _ in var ok: Int32 = 0; let v = lua_tointegerx(L, -1, &ok); return ok != 0 ? Int(v) : nil },
                 expected: "integer") ?? d
    }

    /// An optional integer option.
    public func integer(_ key: String) throws -> Int? {
        try read(key, { L, _ in var ok: Int32 = 0; let v = lua_tointegerx(L, -1, &ok); return ok != 0 ? Int(v) : nil },
                 expected: "integer")
    }

    /// A number option that may be absent.
    public func numberIfPresent(_ key: String) throws -> Double? {
        try read(key, { L, _ in var ok: Int32 = 0; let v = lua_tonumberx(L, -1, &ok); return ok != 0 ? v : nil },
                 expected: "number")
    }

    /// A string option that may be absent.
    public func stringIfPresent(_ key: String) throws -> String? {
        try read(key, { L, t in t == LUA_TSTRING ? String(cString: lua_tolstring(L, -1, nil)) : nil },
                 expected: "string")
    }

    /// A string option.
    public func string(_ key: String, default d: String) throws -> String {
        try read(key, { L, t in t == LUA_TSTRING ? String(cString: lua_tolstring(L, -1, nil)) : nil },
                 expected: "string") ?? d
    }

    /// A boolean option.
    public func boolean(_ key: String, default d: Bool) throws -> Bool {
        try read(key, { L, t in t == LUA_TBOOLEAN ? lua_toboolean(L, -1) != 0 : nil }, expected: "boolean") ?? d
    }

    /// An array-of-numbers option.
    public func numbers(_ key: String) throws -> [Double]? {
        consumed.insert(key)
        guard let table else { return nil }
        let t = table.pushField(key)
        defer { lunar_pop(table.L, 1) }
        if t == LUA_TNIL { return nil }
        guard t == LUA_TTABLE else {
            throw LuaArgumentError(index: argument, message: "field '\(key)': table expected, got \(LuaType(rawValue: t)?.name ?? "?")")
        }
        let inner = LuaTable(L: table.L, index: lua_absindex(table.L, -1), argument: argument)
        return try inner.numbers()
    }

    /// True when the option is given (not nil).
    public func isPresent(_ key: String) -> Bool {
        consumed.insert(key)
        guard let table else { return false }
        let t = table.pushField(key)
        lunar_pop(table.L, 1)
        return t != LUA_TNIL
    }

    /// The Lua type of an option (`.nil` when absent).
    public func type(_ key: String) -> LuaType {
        consumed.insert(key)
        guard let table else { return .nil }
        let t = table.pushField(key)
        lunar_pop(table.L, 1)
        return LuaType(rawValue: t) ?? .nil
    }

    /// A Swift object of class `cls` given as an option, or nil when absent.
    public func object<T: AnyObject>(_ key: String, of cls: LuaClass<T>) throws -> T? {
        consumed.insert(key)
        guard let table else { return nil }
        let t = table.pushField(key)
        defer { lunar_pop(table.L, 1) }
        if t == LUA_TNIL { return nil }
        guard let p = lunar_to_object(table.L, -1, cls.name, nil) else {
            let got = LuaStack(table.L).metatableName(at: -1) ?? LuaType(rawValue: t)?.name ?? "?"
            throw LuaArgumentError(index: argument, message: "field '\(key)': \(cls.name) expected, got \(got)")
        }
        return Unmanaged<T>.fromOpaque(p).takeUnretainedValue()
    }

    /// A function option (a reference Swift can call later), or nil when absent.
    public func function(_ key: String) throws -> LuaRef? {
        consumed.insert(key)
        guard let table else { return nil }
        let t = table.pushField(key)
        defer { lunar_pop(table.L, 1) }
        if t == LUA_TNIL { return nil }
        guard t == LUA_TFUNCTION else {
            throw LuaArgumentError(index: argument, message: "field '\(key)': function expected, got \(LuaType(rawValue: t)?.name ?? "?")")
        }
        return LuaState.owner(of: table.L).reference(-1)
    }

    /// A copy of an option's value (tables recursively), or `.nil`.
    public func value(_ key: String) -> LuaValue {
        consumed.insert(key)
        guard let table else { return .nil }
        _ = table.pushField(key)
        defer { lunar_pop(table.L, 1) }
        return LuaStack(table.L).value(at: -1)
    }

    /// A number field of a plain table (raw), NaN when absent; errors name the field.
    public static func number(in table: LuaTable, _ key: String) throws -> Double {
        let t = table.pushField(key)
        defer { lunar_pop(table.L, 1) }
        if t == LUA_TNIL { return .nan }
        var ok: Int32 = 0
        let v = lua_tonumberx(table.L, -1, &ok)
        guard ok != 0 else {
            throw LuaArgumentError(index: table.argument, message: "field '\(key)': number expected, got \(LuaType(rawValue: t)?.name ?? "?")")
        }
        return v
    }

    /// Marks keys as known without reading them (read by other means).
    public func accept(_ keys: [String]) { consumed.formUnion(keys) }

    /// Throws if the table has keys no read asked for, suggesting the closest known key.
    public func finish() throws {
        guard let table else { return }
        for key in table.stringKeys() where !consumed.contains(key) {
            var message = "unknown option '\(key)'"
            if let near = consumed.min(by: { editDistance($0, key) < editDistance($1, key) }),
                editDistance(near, key) <= max(2, key.count / 3)
            {
                message += " (did you mean '\(near)'?)"
            }
            throw LuaArgumentError(index: argument, message: message)
        }
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var row = Array(0...b.count)
    for i in 1...a.count {
        var previous = row[0]
        row[0] = i
        for j in 1...b.count {
            let current = row[j]
            row[j] = a[i - 1] == b[j - 1] ? previous : 1 + min(previous, row[j], row[j - 1])
            previous = current
        }
    }
    return row[b.count]
}
