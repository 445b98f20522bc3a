import Foundation
import LuaRuntime
import XCTest

final class NeuralNetBindingTests: XCTestCase {
    /// A small model (debug builds are slow): the same code paths as the prototype's.
    func trained(_ state: LuaState) throws {
        try state.execute("""
            bars = lunar.data.synthetic{bars = 400, seed = 3}
            model = lunar.nn.lstm{units = {8}, dense = {4}, sequence = 10, seed = 1}
            history = model:fit(bars, {epochs = 2, verbose = false, patience = 5})
            """)
    }

    func testDefaultIsThePrototype() throws {
        let state = try makeHost()
        XCTAssertEqual(try state.execute("return lunar.nn.lstm{}:params()"), [.integer(35_521)])
        XCTAssertTrue("\(try state.execute("return lunar.nn.lstm{}:summary()"))".contains("Total params: 35,521"))
    }

    func testFitEvaluatePredictSaveLoad() throws {
        let state = try makeHost()
        try trained(state)
        XCTAssertEqual(try state.execute("return #history.loss, #history.val_loss, #history.val_accuracy, #history.val_auc, type(history.best_epoch)"),
                       [.integer(2), .integer(2), .integer(2), .integer(2), .string("number")])
        let ev = try state.execute("local e = model:evaluate(bars) return e.accuracy >= 0, e.base_rate >= 0.5, e.auc >= 0, e.count")
        XCTAssertEqual(Array(ev.prefix(3)), [.boolean(true), .boolean(true), .boolean(true)])
        let p = try state.execute("local p = model:predict(bars) return p > 0 and p < 1, #model:predict_series(bars), model:predict_series(bars)[400] == p")
        XCTAssertEqual(p, [.boolean(true), .integer(400), .boolean(true)])
        XCTAssertEqual(try state.execute("local s = model:predict_series(bars) return s[1] ~= s[1]"), [.boolean(true)], "NaN before the first window")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("m-\(UUID().uuidString).safetensors").path
        try state.execute("model:save('\(path)'); loaded = lunar.nn.load('\(path)')")
        XCTAssertEqual(try state.execute("return loaded:predict(bars) == model:predict(bars)"), [.boolean(true)])
        // A corrupt file is refused by its checksum.
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        data[data.count - 3] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: path))
        XCTAssertTrue(try errorMessage(state, "lunar.nn.load('\(path)')").lowercased().contains("checksum"))
    }

    func testStreamingAndTensors() throws {
        let state = try makeHost()
        try trained(state)
        let r = try state.execute("""
            local st = model:stream()
            local first, last
            for i = 1, 120 do
              local p = st:push(bars[i])
              if p and not first then first = i end
              last = p
            end
            return first, last > 0 and last < 1
            """)
        XCTAssertEqual(r.last, .boolean(true))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let out = try state.execute("""
            local x = lunar.nn.tensor({2, 10, 19}, (function() local t = {} for i = 1, 380 do t[i] = (i % 7) / 7 end return t end)())
            x:write_npy('\(dir)/x.npy')
            local y = lunar.nn.load_npy('\(dir)/x.npy')
            local big = lunar.nn.lstm{units = {8}, dense = {4}, sequence = 10, seed = 1}
            local z = big:forward(y)
            return #y, z:shape()[1], z:shape()[2], z[1] > 0 and z[1] < 1
            """)
        XCTAssertEqual(out, [.integer(380), .integer(2), .integer(1), .boolean(true)])
    }

    func testTooLittleDataAndWrongFeatures() throws {
        let state = try makeHost()
        XCTAssertTrue(try errorMessage(state, """
            local m = lunar.nn.lstm{units = {4}, dense = {2}, sequence = 60}
            m:fit(lunar.data.synthetic{bars = 50}, {epochs = 1, verbose = false})
            """).contains("need"))
        XCTAssertTrue(try errorMessage(state, "lunar.nn.lstm{units = {4}}:predict(lunar.data.series({1, 2}))")
            .contains("bad argument #1 to 'predict'"))
    }
}
