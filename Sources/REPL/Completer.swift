import CEditLineShims
import Foundation
import LuaRuntime

/// Tab completion over the live Lua state: globals, `a.b.c` fields, `obj:method` through metatables' `__index`
/// chains, Lunar modules not loaded yet, and module names after `require "lunar.`. Uses raw access only: completing
/// never runs Lua code.
public final class Completer {
    private let state: LuaState

    /// Completion over `state`.
    public init(state: LuaState) { self.state = state }

    private static let keywords = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil",
        "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    /// Candidates replacing `word`, which starts at byte offset `start` of `line`. Functions get `(` appended and
    /// tables `.`, as trepl does.
    public func candidates(line: String, word: String, start: Int) -> [String] {
        let before = String(decoding: Array(line.utf8.prefix(start)), as: UTF8.self)
        if before.range(of: #"require\s*\(?\s*["']$"#, options: .regularExpression) != nil {
            return moduleNames().filter { $0.hasPrefix(word) }
        }
        guard let sep = word.lastIndex(where: { $0 == "." || $0 == ":" }) else {
            let globals = state.members(atPath: [], methods: false)
            var names = visible(globals, prefix: word).map { decorate($0) }
            names += Self.keywords.filter { $0.hasPrefix(word) && !word.isEmpty }
            return names.sorted()
        }
        let head = String(word[..<sep])
        let partial = String(word[word.index(after: sep)...])
        let path = head.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.contains(where: { $0.isEmpty || $0.contains(":") }) else { return [] }
        let isMethod = word[sep] == ":"
        var members = state.members(atPath: path, methods: isMethod)
        if !isMethod {
            // Lunar modules load on first use: offer them, and their documented functions, before they load. The
            // documentation records that feed help() feed this too.
            let prefix = head + "."
            var documented: [LuaMember] = moduleNames().map { LuaMember(name: $0, type: .table) }
            for record in state.documentation.records.values where record.kind == .function || record.kind == .module {
                documented.append(LuaMember(name: record.name, type: record.kind == .module ? .table : .function))
            }
            for m in documented where m.name.hasPrefix(prefix) {
                let rest = m.name.dropFirst(prefix.count)
                if !rest.contains("."), !rest.contains(":"), !members.contains(where: { $0.name == rest }) {
                    members.append(LuaMember(name: String(rest), type: m.type))
                }
            }
        }
        let joiner = isMethod ? ":" : "."
        return visible(members, prefix: partial)
            .map { head + joiner + (isMethod ? $0.name + "(" : decorate($0)) }
            .filter { !isMethod || $0.hasSuffix("(") }
            .sorted()
    }

    private func visible(_ members: [LuaMember], prefix: String) -> [LuaMember] {
        members.filter { m in
            m.name.hasPrefix(prefix) && (prefix.hasPrefix("_") || !m.name.hasPrefix("_"))
                && m.name.range(of: #"^[A-Za-z_][A-Za-z0-9_]*$"#, options: .regularExpression) != nil
        }
    }

    private func decorate(_ m: LuaMember) -> String {
        switch m.type {
        case .function: return m.name + "("
        case .table: return m.name + "."
        default: return m.name
        }
    }

    /// Every module name `require` can find among Lunar's: preloaded (Swift) and stdlib files.
    public func moduleNames() -> [String] {
        var names = Set(state.preloadedModuleNames())
        if let dir = state.stdlibDirectory,
            let files = try? FileManager.default.contentsOfDirectory(atPath: dir + "/lunar")
        {
            for f in files where f.hasSuffix(".lua") && f != "init.lua" { names.insert("lunar." + f.dropLast(4)) }
            names.insert("lunar")
        }
        return names.sorted()
    }

    /// Makes this the completer libedit asks on Tab (the C side keeps an unretained pointer: keep `self` alive).
    public func install() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        lunar_completion_setup({ line, word, start, context in
            let completer = Unmanaged<Completer>.fromOpaque(context!).takeUnretainedValue()
            let candidates = completer.candidates(
                line: String(cString: line!), word: String(cString: word!), start: Int(start))
            for c in candidates { lunar_completion_add(c) }
        }, context)
    }

    /// The list libedit would receive for `line` with the cursor at its end (tests): first the common prefix.
    public func libeditMatches(line: String) -> [String] {
        let breaks = Set(" \t\n\"\\'`@$><=;|&{([,+-*/%^~#".utf8)
        let bytes = Array(line.utf8)
        var start = bytes.count
        while start > 0, !breaks.contains(bytes[start - 1]) { start -= 1 }
        var n: Int32 = 0
        guard let matches = lunar_completion_matches_for(line, Int32(start), Int32(bytes.count), &n) else {
            return []
        }
        defer { lunar_completion_free(matches) }
        var out: [String] = []
        var i = 0
        while let m = matches[i] {
            out.append(String(cString: m))
            i += 1
        }
        return out
    }
}
