// swift-tools-version:6.0
// Lunar: a Swift runtime for trading research driven from Lua 5.4.
//
// Layers (data flows one way, top to bottom depends on bottom):
//   lunar (CLI) → REPL → LuaBindings → LuaRuntime → CLuaShims → CLua (system Lua 5.4)
//                         LuaBindings → core modules (MarketData, Indicators, …), which know nothing of Lua.
import Foundation
import PackageDescription

// Hardware fused multiply-add for the indicator kernels (TA-Lib 0.8 steps its EMAs with fma; without this flag
// Swift calls libm's fma() per bar). x86-64 Linux machines of this project all have FMA/AVX2.
let hardwareFMA: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"], .when(platforms: [.linux]))]
// NeuralNet's element-wise kernels (exp, sigmoid, tanh on 8-lane SIMD) are compiled for x86-64-v3 (AVX2 + FMA,
// Haswell / Zen and later) in release builds on x86-64; `LUNAR_PORTABLE=1 swift build …` keeps baseline x86-64.
// OpenBLAS picks its own kernels at run time either way.
#if arch(x86_64)
let neuralNetFast = ProcessInfo.processInfo.environment["LUNAR_PORTABLE"] == nil
#else
let neuralNetFast = false
#endif
let neuralNetSettings: [SwiftSetting] = neuralNetFast
    ? [.unsafeFlags(["-target-cpu", "haswell"], .when(configuration: .release)),
       .define("LUNAR_FMA", .when(configuration: .release))]
    : []

let package = Package(
    name: "Lunar",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lunar", targets: ["lunar"]),
        .library(name: "LuaRuntime", targets: ["LuaRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // MARK: C layer
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShims", dependencies: ["CLua"]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "CEditLineShims", dependencies: ["CEditLine"]),
        .target(name: "CPseudoTerminal"),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // MARK: Core modules (no Lua inside)
        .target(name: "MarketData", swiftSettings: hardwareFMA),
        .target(name: "Indicators", dependencies: ["MarketData"], swiftSettings: hardwareFMA),
        .target(name: "Backtesting"),
        .target(name: "BookAnalytics"),
        // AVX2 / AVX-512 LSTM gate kernels, picked at run time (NeuralNet falls back to its Swift kernels).
        .target(name: "CNeuralKernels", cSettings: [.unsafeFlags(["-O3"], .when(configuration: .release))]),
        .target(name: "NeuralNet", dependencies: ["COpenBLAS", "CNeuralKernels"], swiftSettings: neuralNetSettings),
        // Risk manager, write-ahead journal and lunar.toml: the safety layer every live order passes through.
        // Trading → NeuralNet: the model registry verifies a model file by loading it before accepting or deploying it.
        .target(name: "Trading", dependencies: ["CSQLite", "Backtesting", "IBKR", "NeuralNet", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(
            name: "IBKR",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(name: "Charts", dependencies: [.product(name: "Ink", package: "Ink")]),
        // Alpha signals in [−1, 1] and fusion rules (weighted, gated, confidence-weighted, logistic regression).
        .target(name: "AlphaFusion", dependencies: ["MarketData", "Indicators"]),

        // MARK: Lua host
        .target(name: "LuaRuntime", dependencies: ["CLua", "CLuaShims"]),
        .target(name: "LuaBindings", dependencies: ["LuaRuntime", "MarketData", "Indicators", "Backtesting", "BookAnalytics", "NeuralNet", "IBKR", "Trading", "Charts", "AlphaFusion"]),
        .target(name: "REPL", dependencies: ["LuaRuntime", "LuaBindings", "CEditLineShims", "CPseudoTerminal"]),
        .executableTarget(
            name: "lunar",
            dependencies: [
                "LuaRuntime", "LuaBindings", "REPL", "MarketData", "Indicators", "Backtesting", "BookAnalytics", "NeuralNet", "IBKR",
                "Trading", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Benchmarks

        // MARK: Tests
        .target(name: "_TestSupport", path: "Tests/_TestSupport"),
        .testTarget(name: "LuaRuntimeTests", dependencies: ["LuaRuntime", "_TestSupport"]),
        .testTarget(name: "REPLTests", dependencies: ["REPL", "LuaRuntime", "LuaBindings", "_TestSupport"]),
        .testTarget(name: "LuaBindingsTests", dependencies: ["LuaBindings", "LuaRuntime", "Indicators", "MarketData", "Trading"]),
        .testTarget(name: "BacktestingTests", dependencies: ["Backtesting"], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["_TestSupport", "REPL", "IBKR", "Trading"]),
        .testTarget(name: "MarketDataTests", dependencies: ["MarketData"], exclude: ["Fixtures"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators", "MarketData"], exclude: ["Fixtures"]),
        .testTarget(name: "BookAnalyticsTests", dependencies: ["BookAnalytics"]),
        // Test-only: records until killed, for BookAnalyticsTests' SIGKILL test (RecorderKillTests). Not a product.
        .executableTarget(name: "BookRecorderKillHelper", dependencies: ["BookAnalytics"],
                          path: "Tests/BookRecorderKillHelper"),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"], exclude: ["Fixtures"]),
        .testTarget(name: "TradingTests", dependencies: ["Trading", "TradingCrashHelper", "NeuralNet", "ModelRegistryCrashHelper", "IBKR"]),
        // Journals orders until killed: the child process of TradingTests' kill -9 test.
        .executableTarget(name: "TradingCrashHelper", dependencies: ["Trading"], path: "Tests/TradingCrashHelper"),
        // Registers and promotes models until killed: the child process of TradingTests' registry SIGKILL tests.
        .executableTarget(name: "ModelRegistryCrashHelper", dependencies: ["Trading", "NeuralNet"],
                          path: "Tests/ModelRegistryCrashHelper"),
        .testTarget(name: "IBKRTests", dependencies: ["IBKR", .product(name: "NIOEmbedded", package: "swift-nio")]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
        .testTarget(name: "AlphaFusionTests", dependencies: ["AlphaFusion", "Indicators", "MarketData"], exclude: ["Fixtures"]),
    ]
)
