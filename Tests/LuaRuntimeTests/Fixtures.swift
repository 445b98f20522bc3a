import LuaRuntime

/// A Swift object whose deinits are counted: the userdata lifetime oracle.
final class Probe {
    nonisolated(unsafe) static var live = 0
    nonisolated(unsafe) static var closed = 0
    var value: Double
    init(_ value: Double) {
        self.value = value
        Probe.live += 1
    }
    deinit { Probe.live -= 1 }
}

enum ProbeBinding {
    static var cls: LuaClass<Probe> {
        var cls = LuaClass<Probe>("lunar.Probe", summary: "A test object.")
        cls.methods = [
            LuaMethod("get", "get()", "The value.") { probe, call in
                call.push(probe.value)
                return 1
            },
            LuaMethod("add", "add(x)", "Adds x to the value.") { probe, call in
                probe.value += try call.number(2)
                return 0
            },
        ]
        cls.describe = { "Probe(\($0.value))" }
        cls.length = { Int($0.value) }
        cls.element = { probe, i, call in
            call.push(probe.value * Double(i))
            return 1
        }
        cls.properties = ["double": { probe, call in call.push(probe.value * 2); return 1 }]
        cls.onClose = { _ in Probe.closed += 1 }
        return cls
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "something went wrong in Swift" }
    }

    static var module: LuaModule {
        LuaModule(
            name: "lunar.probe", summary: "Bridge test module.",
            functions: [
                LuaFunctionSpec("new", "new(x)", "A new Probe.") { call in
                    call.push(Probe(try call.number(1)), as: cls)
                    return 1
                },
                LuaFunctionSpec("sma", "sma(series, period)", "Argument checks.") { call in
                    _ = try call.object(1, of: cls)
                    _ = try call.number(2)
                    return 0
                },
                LuaFunctionSpec("period", "period(n)", "Integer check.") { call in
                    call.push(try call.integer(1))
                    return 1
                },
                LuaFunctionSpec("fail", "fail()", "Throws a Swift error.") { _ in throw Failure() },
                LuaFunctionSpec("invoke", "invoke(fn, ...)", "Calls fn from Swift.") { call in
                    let fn = try call.function(1)
                    var args: [LuaValue] = []
                    if call.count >= 2 { for i in 2...call.count { args.append(call.value(i)) } }
                    let results = try fn.call(args)
                    for r in results { call.push(r) }
                    return Int32(results.count)
                },
                LuaFunctionSpec("spin", "spin()", "A long Swift loop that polls for Ctrl-C.") { _ in
                    var x = 0.0
                    while true {
                        try Interrupt.check()
                        x += 1
                    }
                },
                LuaFunctionSpec("configure", "configure{units=, dropout=}", "Options table.") { call in
                    let o = try call.options(1, function: "configure")
                    let units = try o.integer("units", default: 64)
                    let dropout = try o.number("dropout", default: 0.2)
                    try o.finish()
                    call.push(.array([.integer(Int64(units)), .number(dropout)]))
                    return 1
                },
            ],
            classes: [AnyLuaClass(cls)])
    }
}

func makeState() -> LuaState {
    let state = LuaState()
    state.preload(ProbeBinding.module)
    _ = try? state.execute("probe = require 'lunar.probe'")
    return state
}
