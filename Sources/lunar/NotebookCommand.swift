import ArgumentParser
import Foundation
import LuaBindings

/// `lunar notebook run NB.lua`: runs a jupytext-percent `.lua` notebook and writes HTML (and optionally `.ipynb`).
struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook", abstract: "Run .lua notebooks (jupytext percent format).",
        subcommands: [RunNotebook.self])

    struct RunNotebook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run every cell in one Lua state; write HTML with code, output, values and charts inline.",
            discussion: "A failing cell shows its error in place (cell N, line L) and stops the run (exit 1) unless --keep-going.")

        @Argument(help: "The notebook (.lua, cells marked with -- %% and -- %% [markdown]).")
        var notebook: String

        @Option(name: .shortAndLong, help: "HTML output (default: the notebook's name with .html).")
        var output: String?

        @Option(help: "Also write a Jupyter notebook with the outputs.")
        var ipynb: String?

        @Flag(help: "Run the remaining cells after a failing one.")
        var keepGoing = false

        func run() throws {
            guard let text = try? String(contentsOfFile: notebook, encoding: .utf8) else {
                FileHandle.standardError.write(Data("lunar: cannot read notebook \(notebook)\n".utf8))
                throw ExitCode(1)
            }
            let parsed = Notebook(text: text)
            let state = try LunarHost.makeState()
            let runner = NotebookRunner(state: state)
            let (outputs, ok) = runner.run(parsed, keepGoing: keepGoing)
            let html = output ?? (notebook.hasSuffix(".lua") ? String(notebook.dropLast(4)) : notebook) + ".html"
            let title = URL(fileURLWithPath: notebook).deletingPathExtension().lastPathComponent
            for target in [html] + (ipynb.map { [$0] } ?? []) {
                let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
                    FileManager.default.isWritableFile(atPath: folder)
                else {
                    FileHandle.standardError.write(Data("lunar: cannot write \(target): folder '\(folder)' does not exist or is not writable\n".utf8))
                    throw ExitCode(1)
                }
            }
            do {
                try NotebookRunner.html(title: title, notebook: parsed, outputs: outputs)
                    .write(toFile: html, atomically: true, encoding: .utf8)
                if let ipynb { try NotebookRunner.ipynb(notebook: parsed, outputs: outputs).write(to: URL(fileURLWithPath: ipynb), options: .atomic) }
            } catch {
                FileHandle.standardError.write(Data("lunar: cannot write the output: \(error.localizedDescription)\n".utf8))
                throw ExitCode(1)
            }
            let ran = outputs.compactMap { $0 }.count
            print("ran \(ran) code cells of \(notebook); wrote \(html)" + (ipynb.map { " and \($0)" } ?? ""))
            for case let out? in outputs { if let e = out.error { FileHandle.standardError.write(Data("lunar: \(e)\n".utf8)) } }
            if !ok { throw ExitCode(1) }
        }
    }
}
