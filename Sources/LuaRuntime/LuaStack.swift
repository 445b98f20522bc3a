import CLua
import CLuaShims

/// Raw stack operations used inside LuaRuntime. Every function here is of the manual's `-` or `m` class, so it
/// cannot raise (Lunar's allocator aborts rather than failing): safe to call from Swift at any time.
struct LuaStack {
    let L: OpaquePointer
    init(_ L: OpaquePointer) { self.L = L }

    func push(_ s: String) {
        var s = s
        s.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }

    func push(_ v: LuaValue) {
        switch v {
        case .nil, .opaque: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, i)
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): push(s)
        case .array(let items):
            lua_createtable(L, Int32(items.count), 0)
            for (i, item) in items.enumerated() {
                push(item)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
        case .table(let dict):
            lua_createtable(L, 0, Int32(dict.count))
            for (k, item) in dict {
                if case .nil = k { continue }
                push(k)
                push(item)
                lua_rawset(L, -3)
            }
        }
    }

    /// Reads the value at `index` (tables recursively, raw access, cycles cut at depth 64).
    func value(at index: Int32, depth: Int = 0) -> LuaValue {
        let index = lua_absindex(L, index)
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lua_tointegerx(L, index, nil)) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            var len = 0
            let p = lua_tolstring(L, index, &len)!
            return .string(String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self))
        case LUA_TTABLE:
            guard depth < 64 else { return .opaque("table") }
            var dict: [LuaValue: LuaValue] = [:]
            lua_pushnil(L)
            while lua_next(L, index) != 0 {
                dict[value(at: -2, depth: depth + 1)] = value(at: -1, depth: depth + 1)
                lua_settop(L, -2)
            }
            let n = dict.count
            if n > 0, (1...n).allSatisfy({ dict[.integer(Int64($0))] != nil }) {
                return .array((1...n).map { dict[.integer(Int64($0))]! })
            }
            return .table(dict)
        default:
            return .opaque(String(cString: lua_typename(L, lua_type(L, index))))
        }
    }

    /// The string at `index` if it is a string or number (no conversion of other types).
    func string(at index: Int32) -> String? {
        let t = lua_type(L, index)
        guard t == LUA_TSTRING || t == LUA_TNUMBER else { return nil }
        var len = 0
        let p = lua_tolstring(L, index, &len)!
        return String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
    }

    /// The `__name` of the metatable of the value at `index`, if any (raw read).
    func metatableName(at index: Int32) -> String? {
        guard lua_getmetatable(L, index) != 0 else { return nil }
        push("__name")
        lua_rawget(L, -2)
        defer { lua_settop(L, -3) }
        return string(at: -1)
    }

    /// `tostring(v)` for any value, run protected (metamethods may raise); falls back to the type name.
    func describe(at index: Int32) -> String {
        if lunar_ptolstring(L, index) == LUA_OK {
            defer { lunar_pop(L, 1) }
            return string(at: -1) ?? "?"
        }
        lunar_pop(L, 1)
        return "(error object is a \(String(cString: lua_typename(L, lua_type(L, index)))) value)"
    }
}

/// `LUA_REGISTRYINDEX` (a macro expression Swift cannot import).
@inline(__always)
var LUA_REGISTRYINDEX: Int32 { lunar_registryindex() }
