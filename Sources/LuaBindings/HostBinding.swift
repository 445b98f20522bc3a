import Foundation
import LuaRuntime

/// `lunar.core`: what the Lua side of the host needs from Swift (version, documentation, stdlib location).
enum HostBinding {
    static var module: LuaModule {
        LuaModule(
        name: "lunar.core",
        summary: "Host services used by Lunar's Lua stdlib (documentation, version, files).",
        functions: [
            LuaFunctionSpec("doc", "doc(x)", "The help text for a value or a qualified name, or nil.") { call in
                let state = call.state
                var name: String?
                if call.type(1) == .string {
                    name = try call.string(1)
                } else {
                    name = state.documentation.name(ofValueAt: 1, state: state) ?? state.metatableName(at: 1)
                }
                guard let name, let record = state.documentation.records[name] else {
                    call.pushNil()
                    return 1
                }
                call.push(record.text)
                return 1
            },
            LuaFunctionSpec("docs", "docs([prefix])", "Sorted names of the documented items starting with prefix.") {
                call in
                let prefix = try call.string(1, default: "")
                let names = call.state.documentation.records.keys.filter { $0.hasPrefix(prefix) }.sorted()
                call.push(.array(names.map { .string($0) }))
                return 1
            },
            LuaFunctionSpec("summary", "summary(name)", "The one-line summary of a documented item, or nil.") { call in
                if let record = call.state.documentation.records[try call.string(1)] {
                    call.push(record.summary)
                } else {
                    call.pushNil()
                }
                return 1
            },
            LuaFunctionSpec("stdlib", "stdlib()", "The directory of Lunar's Lua stdlib.") { call in
                call.push(call.state.stdlibDirectory ?? "")
                return 1
            },
            LuaFunctionSpec("listdir", "listdir(path)", "Sorted names of the files in a directory.") { call in
                let path = try call.string(1)
                do {
                    let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                    call.push(.array(names.map { .string($0) }))
                    return 1
                } catch {
                    call.pushNil()
                    call.push("cannot list \(path): \(error.localizedDescription)")
                    return 2
                }
            },
            LuaFunctionSpec("clock", "clock()", "Monotonic time in seconds (for timing).") { call in
                call.push(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
                return 1
            },
        ],
        values: [("version", .string(LunarRegistry.version))]
        )
    }
}
