import CLua
import CLuaShims

/// A method of a class bound to Lua: receives the already-checked `self` object and the call.
public struct LuaMethod<T: AnyObject> {
    /// Method name as Lua sees it (lowerCamel or snake_case as the API fixes it).
    public var name: String
    /// Call signature for help, e.g. `fit(bars, opts)`.
    public var signature: String
    /// One-line summary for help.
    public var summary: String
    /// The implementation; argument 1 is `self` (already checked), arguments start at 2.
    public var body: (T, LuaCall) throws -> Int32

    public init(_ name: String, _ signature: String? = nil, _ summary: String,
                body: @escaping (T, LuaCall) throws -> Int32) {
        self.name = name
        self.signature = signature ?? "\(name)()"
        self.summary = summary
        self.body = body
    }
}

/// The binding of a Swift class to Lua: one metatable `lunar.<Class>` in the registry, methods through
/// `__index`, `__tostring`, `__gc` and `__close` releasing the Swift object exactly once, `:close()` for
/// deterministic release. A registration value: core types stay free of Lua protocols.
public struct LuaClass<T: AnyObject> {
    /// Metatable name (`lunar.BarSeries`), also `__name` in Lua's error messages.
    public let name: String
    /// One-line summary for help.
    public var summary: String
    /// Methods reached through `__index`.
    public var methods: [LuaMethod<T>] = []
    /// `__tostring`: a short summary (shape, state).
    public var describe: ((T) -> String)?
    /// `__len`.
    public var length: ((T) -> Int)?
    /// 1-based integer indexing `obj[i]`: pushes the element, returns the result count.
    public var element: ((T, Int, LuaCall) throws -> Int32)?
    /// Read-only properties `obj.name`: each pushes its value and returns the result count.
    public var properties: [String: (T, LuaCall) throws -> Int32] = [:]
    /// Properties computed from the key when no method or fixed property matches (e.g. the extra columns of a
    /// table of bars): pushes the value and returns the result count, or returns nil when there is no such key.
    public var dynamicProperty: ((T, String, LuaCall) throws -> Int32?)?
    /// Other metamethods (`__add`, `__unm`, …), as plain Lua functions.
    public var metamethods: [String: LuaFunction] = [:]
    /// Whether objects get a `:close()` method (off where `close` is data, as the close column of bars; `__close`
    /// and `__gc` still release).
    public var hasCloseMethod = true
    /// Called on `:close()` / `__close` before Lua's reference is dropped (close sockets, flush files).
    public var onClose: ((T) -> Void)?

    public init(_ name: String, summary: String) {
        self.name = name
        self.summary = summary
    }

    /// Creates the metatable and leaves it on the stack.
    func install(in state: LuaState) {
        let L = state.L
        lunar_new_class_metatable(L, name)
        let mt = lua_gettop(L)
        let cls = self

        // Methods table, with close() always present.
        lua_createtable(L, 0, Int32(methods.count + 1))
        for m in methods {
            state.push(function: { call in
                let object = try call.object(1, of: cls)
                return try m.body(object, call)
            })
            state.documentation.bind(valueAt: lua_gettop(L), to: name + ":" + m.name, state: state)
            lua_setfield(L, -2, m.name)
        }
        if hasCloseMethod {
            state.push(function: { call in
                if let onClose = cls.onClose, let object = try? call.object(1, of: cls) { onClose(object) }
                lunar_release_object(call.L, 1)
                return 0
            })
            lua_setfield(L, -2, "close")
        }
        lua_pushvalue(L, -1)
        lua_setfield(L, mt, "__methods")  // for completion and help when __index is a function

        if element == nil && properties.isEmpty && dynamicProperty == nil {
            lua_setfield(L, mt, "__index")
        } else {
            lunar_pop(L, 1)
            state.push(function: { call in
                let L = call.L
                if lua_type(L, 2) == LUA_TSTRING {
                    lua_getmetatable(L, 1)
                    LuaStack(L).push("__methods")
                    lua_rawget(L, -2)  // raw: a plain table in our own metatable
                    lua_pushvalue(L, 2)
                    if lua_rawget(L, -2) != LUA_TNIL { return 1 }
                    lunar_pop(L, 3)
                    let key = LuaStack(L).string(at: 2) ?? ""
                    if let property = cls.properties[key] {
                        return try property(try call.object(1, of: cls), call)
                    }
                    if let dynamic = cls.dynamicProperty, let n = try dynamic(try call.object(1, of: cls), key, call) {
                        return n
                    }
                    lua_pushnil(L)
                    return 1
                }
                var isInteger: Int32 = 0
                let i = lua_tointegerx(L, 2, &isInteger)
                if isInteger != 0, let element = cls.element {
                    return try element(try call.object(1, of: cls), Int(i), call)
                }
                lua_pushnil(L)
                return 1
            })
            lua_setfield(L, mt, "__index")
        }

        state.push(function: { call in
            var isBox: Int32 = 0
            guard let p = lunar_to_object(call.L, 1, cls.name, &isBox) else {
                call.push("\(cls.name) (closed)")
                return 1
            }
            let object = Unmanaged<T>.fromOpaque(p).takeUnretainedValue()
            call.push(cls.describe?(object) ?? "\(cls.name): \(p)")
            return 1
        })
        lua_setfield(L, mt, "__tostring")

        if let length {
            state.push(function: { call in
                call.push(length(try call.object(1, of: cls)))
                return 1
            })
            lua_setfield(L, mt, "__len")
        }
        for (event, function) in metamethods {
            state.push(function: function)
            lua_setfield(L, mt, event)
        }
        state.documentation.add(class: self)
    }
}

/// A type-erased class registration, so a module can list classes of different Swift types.
public struct AnyLuaClass {
    /// Metatable name.
    public let name: String
    let register: (LuaState) -> Void

    public init<T: AnyObject>(_ cls: LuaClass<T>) {
        name = cls.name
        register = { $0.register(cls) }
    }
}
