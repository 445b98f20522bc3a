import CLua
import CLuaShims
import Foundation

/// Finds Lunar's Lua standard library (`stdlib/`, with `lunar/init.lua`) and puts it first on `package.path`.
///
/// Search order: each directory in `LUNAR_PATH` (colon-separated), then next to the executable
/// (`<bin>/../share/lunar/stdlib`, `<bin>/stdlib`), then the source tree this binary was built from.
public enum StdlibLoader {
    /// The directories searched, in order.
    public static func candidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var dirs: [String] = []
        if let custom = environment["LUNAR_PATH"], !custom.isEmpty {
            dirs += custom.split(separator: ":").map(String.init)
        }
        let bin = executableDirectory()
        dirs.append(bin.appendingPathComponent("../share/lunar/stdlib").standardized.path)
        dirs.append(bin.appendingPathComponent("stdlib").path)
        // Sources/LuaRuntime/StdlibLoader.swift → <repo>/stdlib
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("stdlib")
        dirs.append(source.path)
        return dirs
    }

    /// The directory of the running executable (symlinks resolved, as installed copies are often linked).
    public static func executableDirectory() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path).deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
    }

    /// The first candidate directory that holds `lunar/init.lua`.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        candidates(environment: environment).first {
            FileManager.default.fileExists(atPath: $0 + "/lunar/init.lua")
        }
    }

    /// Prepends `dir/?.lua;dir/?/init.lua` to `package.path`.
    public static func install(directory dir: String, in state: LuaState) {
        let L = state.L
        state.stdlibDirectory = dir
        lua_getglobal(L, "package")
        lua_getfield(L, -1, "path")
        let current = LuaStack(L).string(at: -1) ?? ""
        state.pop()
        state.push("\(dir)/?.lua;\(dir)/?/init.lua;" + current)
        lua_setfield(L, -2, "path")
        state.pop()
    }
}
