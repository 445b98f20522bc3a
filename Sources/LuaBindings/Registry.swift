import Foundation
import LuaRuntime

/// Every Swift-provided module, registered in `package.preload["lunar.*"]`. Add a new binding here.
public enum LunarRegistry {
    /// Lunar's version, `lunar.version` in Lua.
    public static let version = "0.1.0"

    /// The modules the host preloads.
    public static var modules: [LuaModule] {
        [HostBinding.module, DataBinding.module, TABinding.module, BacktestBinding.module, BookBinding.module, NeuralNetBinding.module, IBBinding.module, PlotBinding.module, TradeBinding.module, AlphaBinding.module,
         ModelsBinding.module]
    }
}

/// Start-up of a Lunar Lua state: standard libraries, Lunar's stdlib on `package.path`, every Swift module in
/// `package.preload`, and the global `lunar` table (`require "lunar"`).
public enum LunarHost {
    /// Why a host could not start.
    public struct StartupError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates a ready state. Throws when the stdlib is missing or `lunar/init.lua` fails.
    public static func makeState(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> LuaState
    {
        let state = LuaState()
        guard let stdlib = StdlibLoader.locate(environment: environment) else {
            let searched = StdlibLoader.candidates(environment: environment).joined(separator: ", ")
            throw StartupError(description: """
                cannot find Lunar's Lua stdlib (lunar/init.lua); searched: \(searched). \
                Set LUNAR_PATH to the stdlib directory or reinstall with scripts/install.
                """)
        }
        StdlibLoader.install(directory: stdlib, in: state)
        for module in LunarRegistry.modules { state.preload(module) }
        do {
            try state.require("lunar")
            _ = state.top
            state.setGlobalFromTop("lunar")
        } catch {
            throw StartupError(description: "lunar/init.lua failed: \(error)")
        }
        return state
    }
}
