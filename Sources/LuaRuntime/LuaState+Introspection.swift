import CLua
import CLuaShims

/// A name visible from a table or through an object's metatable, for completion.
public struct LuaMember: Equatable, Sendable {
    /// The key.
    public var name: String
    /// The type of the value.
    public var type: LuaType

    public init(name: String, type: LuaType) {
        self.name = name
        self.type = type
    }
}

extension LuaState {
    /// Pushes the value reached from the globals by `path` (`["string", "format"]`) with raw access only (no
    /// metamethods run). Returns false, pushing nothing, if a step is missing or not a table.
    @discardableResult
    public func pushGlobalPath(_ path: [String]) -> Bool {
        lunar_pushglobaltable(L)
        for key in path {
            guard lua_type(L, -1) == LUA_TTABLE else {
                pop()
                return false
            }
            push(key)
            lua_rawget(L, -2)
            lunar_remove(L, -2)
        }
        return true
    }

    /// String keys of the table reached by `path` (raw), with the types of their values. For `methods`, the keys of
    /// the value's metatable `__index` chain (tables only, depth-limited) and `__methods` instead.
    public func members(atPath path: [String], methods: Bool) -> [LuaMember] {
        let base = top
        defer { top = base }
        guard pushGlobalPath(path) else { return [] }
        var out: [LuaMember] = []
        if methods || lua_type(L, -1) == LUA_TUSERDATA {
            var depth = 0
            while depth < 20, lua_getmetatable(L, -1) != 0 {
                push("__methods")
                if lua_rawget(L, -2) == LUA_TTABLE { out += tableMembers(at: -1) }
                pop()
                push("__index")
                let t = lua_rawget(L, -2)
                lunar_remove(L, -2)  // the metatable
                guard t == LUA_TTABLE else { break }
                out += tableMembers(at: -1)
                depth += 1
            }
        } else if lua_type(L, -1) == LUA_TTABLE {
            out = tableMembers(at: -1)
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0.name).inserted }
    }

    private func tableMembers(at index: Int32) -> [LuaMember] {
        let t = lua_absindex(L, index)
        var out: [LuaMember] = []
        lua_pushnil(L)
        while lua_next(L, t) != 0 {
            if lua_type(L, -2) == LUA_TSTRING, let name = LuaStack(L).string(at: -2) {
                out.append(LuaMember(name: name, type: LuaType(rawValue: lua_type(L, -1)) ?? .nil))
            }
            pop()
        }
        return out
    }

    /// Moves the top value to `index`, shifting the values above it up (`lua_insert`).
    public func insertTop(at index: Int32) { lunar_insert(L, index) }

    /// The keys of `package.preload` (Swift-provided modules and any added by scripts).
    public func preloadedModuleNames() -> [String] {
        members(atPath: ["package", "preload"], methods: false).map(\.name).sorted()
    }
}

extension Interrupt {
    /// Installs the SIGINT handler for code about to run in `state` (hook for Lua, flag for Swift loops).
    public static func arm(_ state: LuaState) { lunar_interrupt_arm(state.L) }

    /// Restores default SIGINT handling and clears any pending interrupt.
    public static func disarm() { lunar_interrupt_disarm() }
}

/// Small stack helpers for host code outside LuaRuntime (which must not call `lua_*` itself).
public enum LuaStateAccess {
    /// Pushes a copy of the value at `index`.
    public static func pushCopy(_ state: LuaState, of index: Int32) { lua_pushvalue(state.L, index) }
    /// Pushes `t[i]` (raw) for the table at `table`.
    public static func pushIndex(_ state: LuaState, table: Int32, _ i: Int) { lua_rawgeti(state.L, table, lua_Integer(i)) }
    /// `t[k] = v` raw, with the table at `table` and k, v on top (both popped).
    public static func rawSet(_ state: LuaState, table: Int32) { lua_rawset(state.L, table) }
}

extension LuaState {
    /// Sets global `name` to a plain C function that does nothing: the baseline the Lua→Swift call overhead is
    /// measured against (`lunar bench host`).
    public func setGlobalBaselineCFunction(_ name: String) {
        lunar_pushcfunction(L, lunar_noop_cfunction)
        lua_setglobal(L, name)
    }
}

extension LuaState {
    /// Pushes `t[key]` (raw) for the table at `index`.
    public func pushField(at index: Int32, _ key: String) {
        let t = lua_absindex(L, index)
        push(key)
        lua_rawget(L, t)
    }

    /// The string keys of the table at `index` (raw traversal).
    public func stringKeys(at index: Int32) -> [String] {
        LuaTable(L: L, index: lua_absindex(L, index), argument: 0).stringKeys()
    }

    /// `t[key]` as an array of strings, if it is a table of strings.
    public func stringArrayField(at index: Int32, _ key: String) -> [String]? {
        pushField(at: index, key)
        defer { pop() }
        guard lua_type(L, -1) == LUA_TTABLE else { return nil }
        let n = lua_rawlen(L, -1)
        var out: [String] = []
        for i in 0..<Int(n) {
            lua_rawgeti(L, -1, lua_Integer(i + 1))
            if let s = LuaStack(L).string(at: -1) { out.append(s) }
            pop()
        }
        return out
    }

    /// The Swift object of class `cls` at `index`, or nil.
    public func object<T: AnyObject>(at index: Int32, of cls: LuaClass<T>) -> T? {
        guard let p = lunar_to_object(L, index, cls.name, nil) else { return nil }
        return Unmanaged<T>.fromOpaque(p).takeUnretainedValue()
    }
}
