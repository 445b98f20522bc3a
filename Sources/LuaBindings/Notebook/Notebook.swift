import Charts
import Foundation
import LuaRuntime

/// A `.lua` notebook in the jupytext percent format: `-- %%` starts a code cell, `-- %% [markdown]` a Markdown cell
/// whose lines are Lua comments.
public struct Notebook {
    /// One cell.
    public struct Cell: Equatable {
        public enum Kind: Equatable { case code, markdown }
        public var kind: Kind
        /// Code, or Markdown with the comment markers removed.
        public var source: String
        /// 1-based line in the file where the cell's source starts.
        public var firstLine: Int
    }

    public var cells: [Cell]

    /// Splits a notebook file into cells.
    public init(text: String) {
        var cells: [Cell] = []
        var kind = Cell.Kind.code
        var lines: [String] = []
        var start = 1
        func flush() {
            let body = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !body.isEmpty { cells.append(Cell(kind: kind, source: lines.joined(separator: "\n"), firstLine: start)) }
            lines = []
        }
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("-- %%") {
                flush()
                kind = trimmed.contains("[markdown]") || trimmed.contains("[md]") ? .markdown : .code
                start = i + 2
                continue
            }
            if lines.isEmpty && cells.isEmpty && i == 0 && line.hasPrefix("#!") { continue }
            if kind == .markdown {
                var text = String(line)
                if text.hasPrefix("-- ") { text.removeFirst(3) } else if text.hasPrefix("--") { text.removeFirst(2) }
                lines.append(text)
            } else {
                lines.append(String(line))
            }
        }
        flush()
        self.cells = cells
    }
}

/// What running one code cell produced.
public struct CellOutput {
    /// Printed text (print, io.write).
    public var text = ""
    /// Printed form of the cell's value (the last line, when it is an expression).
    public var value: String?
    /// Charts the cell returned or showed.
    public var charts: [Chart] = []
    /// "cell N, line L: message", when the cell failed.
    public var error: String?
}

/// Runs a notebook's cells in one Lua state, capturing output, values and charts; writes HTML and `.ipynb`.
public final class NotebookRunner {
    public let state: LuaState
    private var current = CellOutput()

    public init(state: LuaState) {
        self.state = state
        state.userInfo["notebook.runner"] = self
        installCapture()
    }

    /// Charts shown with `chart:show()` while a cell runs go inline into the notebook.
    static func capture(_ chart: Chart, in state: LuaState) -> Bool {
        guard let runner = state.userInfo["notebook.runner"] as? NotebookRunner else { return false }
        runner.current.charts.append(chart)
        return true
    }

    private func installCapture() {
        state.setGlobal("print") { [unowned self] call in
            var parts: [String] = []
            if call.count > 0 { for i in 1...call.count { parts.append(call.state.describe(at: i)) } }
            current.text += parts.joined(separator: "\t") + "\n"
            return 0
        }
        try? state.execute("io.write = function(...) local t = table.pack(...) for i = 1, t.n do print_raw(tostring(t[i])) end end",
                           name: "=(notebook)")
        state.setGlobal("print_raw") { [unowned self] call in
            current.text += call.state.describe(at: 1)
            return 0
        }
    }

    /// Runs one code cell (`index` is 1-based, for messages).
    public func run(_ cell: Notebook.Cell, index: Int) -> CellOutput {
        current = CellOutput()
        let base = state.top
        defer { state.top = base }
        // Show the value of a last line that is an expression, as notebooks do.
        var lines = cell.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty || last.trimmingCharacters(in: .whitespaces).hasPrefix("--") {
            lines.removeLast()
        }
        let lastLine = lines.last ?? ""
        let head = lines.dropLast().joined(separator: "\n")
        let name = "=cell \(index)"
        var code = cell.source
        var showsValue = false
        if !lastLine.isEmpty, (try? state.load("return " + lastLine, name: name)) != nil {
            state.pop()
            if (try? state.load(head + "\nreturn " + lastLine, name: name)) != nil {
                state.pop()
                code = head + "\nreturn " + lastLine
                showsValue = true
            }
        }
        Interrupt.arm(state)
        defer { Interrupt.disarm() }
        do {
            try state.load(code, name: name)
            try state.call()
            if showsValue, state.top > base {
                var shown: [String] = []
                for i in (base + 1)...state.top {
                    if let chart: Shared<Chart> = state.object(at: i, of: PlotBinding.cls) {
                        current.charts.append(chart.value)
                    } else if state.type(at: i) != .nil || state.top == base + 1 {
                        shown.append(pretty(at: i))
                    }
                }
                if !shown.isEmpty { current.value = shown.joined(separator: "\n") }
            }
        } catch {
            current.error = Self.locate(error.message, cell: index, firstLine: cell.firstLine)
        }
        return current
    }

    private func pretty(at index: Int32) -> String {
        let i = index
        guard state.pushGlobalPath(["lunar", "pretty", "format"]) else { return state.describe(at: i) }
        LuaStateAccess.pushCopy(state, of: i)
        do {
            try state.call(nargs: 1, nresults: 1)
            defer { state.pop() }
            return state.describe(at: -1)
        } catch {
            return state.describe(at: i)
        }
    }

    /// "cell 3:2: boom" → "cell 3, line 2 (file line L): boom".
    static func locate(_ message: String, cell: Int, firstLine: Int) -> String {
        let prefix = "cell \(cell):"
        guard message.hasPrefix(prefix) else { return "cell \(cell): \(message)" }
        let rest = message.dropFirst(prefix.count)
        let digits = rest.prefix { $0.isNumber }
        guard let line = Int(digits) else { return "cell \(cell): \(message)" }
        let text = rest.dropFirst(digits.count).drop { $0 == ":" || $0 == " " }
        return "cell \(cell), line \(line) (file line \(firstLine + line - 1)): \(text)"
    }

    /// Runs every cell; stops at the first failing cell unless `keepGoing`. Returns the outputs (nil for Markdown)
    /// and whether every cell succeeded.
    public func run(_ notebook: Notebook, keepGoing: Bool) -> (outputs: [CellOutput?], ok: Bool) {
        var outputs: [CellOutput?] = []
        var ok = true
        var index = 0
        for cell in notebook.cells {
            guard cell.kind == .code else { outputs.append(nil); continue }
            index += 1
            if !ok && !keepGoing { break }
            let out = run(cell, index: index)
            if out.error != nil { ok = false }
            outputs.append(out)
        }
        return (outputs, ok)
    }

    /// A self-contained HTML page: Markdown rendered, code, printed output, values and charts inline.
    public static func html(title: String, notebook: Notebook, outputs: [CellOutput?]) -> String {
        var report = HTMLReport(title: title)
        var codeIndex = 0
        for (k, cell) in notebook.cells.enumerated() {
            switch cell.kind {
            case .markdown: report.addMarkdown(cell.source)
            case .code:
                codeIndex += 1
                report.addPreformatted("-- [\(codeIndex)]\n" + cell.source.trimmingCharacters(in: .newlines))
                guard k < outputs.count, let out = outputs[k] else { continue }
                if !out.text.isEmpty { report.addPreformatted(out.text.trimmingCharacters(in: .newlines)) }
                if let v = out.value { report.addPreformatted(v) }
                for chart in out.charts { report.addChart(chart) }
                if let e = out.error { report.addMarkdown("**Error:** " + e.replacingOccurrences(of: "*", with: "\\*")) }
            }
        }
        return report.html()
    }

    /// A Jupyter notebook (nbformat 4) with the outputs.
    public static func ipynb(notebook: Notebook, outputs: [CellOutput?]) throws -> Data {
        func lines(_ s: String) -> [String] {
            let parts = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return parts.enumerated().map { $0.offset < parts.count - 1 ? $0.element + "\n" : $0.element }
        }
        var cells: [[String: Any]] = []
        var count = 0
        for (k, cell) in notebook.cells.enumerated() {
            if cell.kind == .markdown {
                cells.append(["cell_type": "markdown", "id": "cell-\(k + 1)", "metadata": [String: Any](),
                              "source": lines(cell.source)])
                continue
            }
            count += 1
            var outs: [[String: Any]] = []
            if k < outputs.count, let out = outputs[k] {
                if !out.text.isEmpty { outs.append(["output_type": "stream", "name": "stdout", "text": lines(out.text)]) }
                if let v = out.value {
                    outs.append(["output_type": "execute_result", "execution_count": count, "metadata": [String: Any](),
                                 "data": ["text/plain": lines(v)]])
                }
                for chart in out.charts {
                    outs.append(["output_type": "display_data", "metadata": [String: Any](),
                                 "data": ["image/svg+xml": lines(chart.svg()), "text/plain": ["<\(chart.kind) chart>"]]])
                }
                if let e = out.error {
                    outs.append(["output_type": "error", "ename": "LuaError", "evalue": e, "traceback": [e]])
                }
            }
            cells.append(["cell_type": "code", "id": "cell-\(k + 1)", "execution_count": count, "metadata": [String: Any](),
                          "source": lines(cell.source.trimmingCharacters(in: .newlines)), "outputs": outs])
        }
        let document: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": ["kernelspec": ["name": "lunar", "display_name": "Lunar (Lua 5.4)", "language": "lua"],
                         "language_info": ["name": "lua", "version": "5.4", "file_extension": ".lua"]],
            "cells": cells,
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }
}
