// swift-tools-version:6.0
// Lunar: a Swift runtime for trading research driven from Lua 5.4.
//
// Layers (data flows one way, top to bottom depends on bottom):
//   lunar (CLI) → REPL → LuaBindings → LuaRuntime → CLuaShims → CLua (system Lua 5.4)
//                         LuaBindings → core modules (MarketData, Indicators, …), which know nothing of Lua.
import PackageDescription

let package = Package(
    name: "Lunar",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lunar", targets: ["lunar"]),
        .library(name: "LuaRuntime", targets: ["LuaRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
    ],
    targets: [
        // MARK: C layer
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShims", dependencies: ["CLua"]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "CEditLineShims", dependencies: ["CEditLine"]),
        .target(name: "CPseudoTerminal"),

        // MARK: Core modules (no Lua inside)
        .target(
            name: "IBKR",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Test-only: runs the TWS simulator on loopback for the ib_async check (scripts/ib_async_check.sh).
        .executableTarget(name: "tws-sim-dev", dependencies: ["IBKR"]),

        // MARK: Lua host
        .target(name: "LuaRuntime", dependencies: ["CLua", "CLuaShims"]),
        .target(name: "LuaBindings", dependencies: ["LuaRuntime"]),
        .target(name: "REPL", dependencies: ["LuaRuntime", "LuaBindings", "CEditLineShims", "CPseudoTerminal"]),
        .executableTarget(
            name: "lunar",
            dependencies: [
                "LuaRuntime", "LuaBindings", "REPL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests
        .target(name: "_TestSupport", path: "Tests/_TestSupport"),
        .testTarget(name: "LuaRuntimeTests", dependencies: ["LuaRuntime", "_TestSupport"]),
        .testTarget(name: "REPLTests", dependencies: ["REPL", "LuaRuntime", "LuaBindings", "_TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["_TestSupport", "REPL"]),
        .testTarget(name: "IBKRTests", dependencies: ["IBKR", .product(name: "NIOEmbedded", package: "swift-nio")]),
    ]
)
