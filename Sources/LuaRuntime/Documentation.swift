import CLua
import CLuaShims

/// One help record: what `help(x)` prints and what completion knows about a name.
public struct DocRecord: Equatable, Sendable {
    /// Qualified name: `lunar.ta.sma`, `lunar.BarSeries`, `lunar.BarSeries:close`.
    public var name: String
    /// Call signature (empty for modules and classes).
    public var signature: String
    /// One-line summary.
    public var summary: String
    /// Longer text.
    public var details: String
    /// What the record describes.
    public var kind: Kind

    /// What a record describes.
    public enum Kind: String, Sendable { case module, function, `class`, method }

    /// The text `help` prints.
    public var text: String {
        var lines = [signature.isEmpty ? name : "\(qualifier)\(signature)", "  " + summary]
        if !details.isEmpty { lines.append(""); lines.append(details) }
        return lines.joined(separator: "\n")
    }

    private var qualifier: String {
        if let i = name.lastIndex(where: { $0 == "." || $0 == ":" }) { return String(name[...i]) }
        return ""
    }
}

/// The documentation registry of a state. Each binding registers its record once; `help` and completion read it.
/// Values (functions, module tables) are mapped to records through a weak-keyed table in the Lua registry, so
/// `help(lunar.ta.sma)` finds the record of the function value itself.
public final class Documentation {
    /// Records by qualified name.
    public private(set) var records: [String: DocRecord] = [:]

    /// Adds or replaces a record.
    public func add(_ record: DocRecord) { records[record.name] = record }

    func add(module: LuaModule) {
        add(DocRecord(name: module.name, signature: "", summary: module.summary, details: "", kind: .module))
        for f in module.functions {
            add(DocRecord(name: module.name + "." + f.name, signature: f.signature, summary: f.summary,
                          details: f.details, kind: .function))
        }
    }

    func add<T>(class cls: LuaClass<T>) {
        let methods = cls.methods.map { "  :\($0.signature)  \($0.summary)" }.joined(separator: "\n")
        add(DocRecord(name: cls.name, signature: "", summary: cls.summary,
                      details: methods.isEmpty ? "" : "Methods:\n" + methods, kind: .class))
        for m in cls.methods {
            add(DocRecord(name: cls.name + ":" + m.name, signature: m.signature, summary: m.summary, details: "",
                          kind: .method))
        }
    }

    /// Records which record describes the value at `index` (weak keys: the value may still be collected).
    func bind(valueAt index: Int32, to name: String, state: LuaState) {
        let L = state.L
        let index = lua_absindex(L, index)
        Documentation.pushValueMap(L)
        lua_pushvalue(L, index)
        state.push(name)
        lua_rawset(L, -3)
        lunar_pop(L, 1)
    }

    /// The record name bound to the value at `index`, if any.
    public func name(ofValueAt index: Int32, state: LuaState) -> String? {
        let L = state.L
        let index = lua_absindex(L, index)
        Documentation.pushValueMap(L)
        lua_pushvalue(L, index)
        lua_rawget(L, -2)
        defer { lunar_pop(L, 2) }
        return LuaStack(L).string(at: -1)
    }

    /// Pushes the registry's weak-keyed value→name table, creating it on first use.
    static func pushValueMap(_ L: OpaquePointer) {
        LuaStack(L).push("lunar.docnames")
        if lua_rawget(L, LUA_REGISTRYINDEX) == LUA_TTABLE { return }
        lunar_pop(L, 1)
        lua_createtable(L, 0, 64)
        lua_createtable(L, 0, 1)
        LuaStack(L).push("k")
        lua_setfield(L, -2, "__mode")
        lua_setmetatable(L, -2)
        LuaStack(L).push("lunar.docnames")
        lua_pushvalue(L, -2)
        lua_rawset(L, LUA_REGISTRYINDEX)
    }
}
