import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@testable import Charts

/// The value of attribute `name` (Linux FoundationXML's `attribute(forName:)` misses attributes of elements in
/// a default namespace, so this scans the list).
func attr(_ e: XMLElement, _ name: String) -> String? {
    (e.attributes ?? []).first { $0.name == name || $0.localName == name }?.stringValue
}

/// A parsed SVG (or XHTML) document with helpers to find elements by name and class.
struct SVGInspector {
    let document: XMLDocument

    /// Parses `text` as XML; fails the test (and throws) when it is not well-formed.
    init(_ text: String) throws {
        document = try XMLDocument(xmlString: text, options: [])
    }

    /// All elements named `name` (any namespace), optionally with `class` containing `cssClass`.
    func elements(_ name: String, cssClass: String? = nil) -> [XMLElement] {
        var out: [XMLElement] = []
        func walk(_ node: XMLNode) {
            if let e = node as? XMLElement {
                let local = e.localName ?? e.name ?? ""
                if local == name {
                    if let cssClass {
                        let classes = (attr(e, "class") ?? "").split(separator: " ")
                        if classes.contains(Substring(cssClass)) { out.append(e) }
                    } else {
                        out.append(e)
                    }
                }
            }
            for child in node.children ?? [] { walk(child) }
        }
        if let root = document.rootElement() { walk(root) }
        return out
    }

    /// Texts of `<text>` elements with the class.
    func texts(_ cssClass: String) -> [String] {
        elements("text", cssClass: cssClass).compactMap { $0.stringValue }
    }

    /// All text content.
    var allText: String { document.rootElement()?.stringValue ?? "" }

    /// Number of points (M/L commands) in a path's `d`.
    static func pointCount(_ path: XMLElement) -> Int {
        let d = attr(path, "d") ?? ""
        return d.reduce(0) { $0 + ($1 == "M" || $1 == "L" ? 1 : 0) }
    }

    /// Points of a path with the given class and `data-series` name.
    func pathPoints(cssClass: String, series: String? = nil) -> Int {
        elements("path", cssClass: cssClass)
            .filter { series == nil || attr($0, "data-series") == series }
            .map(Self.pointCount).reduce(0, +)
    }
}

/// Parses a tick label back to a number ("1,234.50" → 1234.5, "5%" → 0.05, "1.2M" → 1.2e6).
func parseTick(_ s: String) -> Double? {
    var t = s.replacingOccurrences(of: ",", with: "")
    var scale = 1.0
    if t.hasSuffix("%") { t.removeLast(); scale = 0.01 }
    if t.hasSuffix("k") { t.removeLast(); scale = 1e3 }
    if t.hasSuffix("M") { t.removeLast(); scale = 1e6 }
    if t.hasSuffix("B") { t.removeLast(); scale = 1e9 }
    return Double(t).map { $0 * scale }
}

/// The numeric y tick labels of a chart.
func yTicks(_ svg: SVGInspector) -> [Double] {
    svg.texts("y").compactMap(parseTick)
}

/// A deterministic pseudo-random generator for test data.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random walk of `n` points.
func randomWalk(_ n: Int, seed: UInt64 = 1, start: Double = 100) -> [Double] {
    var rng = SplitMix(state: seed)
    var v = start
    return (0..<n).map { _ in
        v += Double.random(in: -1...1, using: &rng)
        return v
    }
}
