/// A fast, append-only SVG (XML) text builder that writes into a UTF-8 byte buffer.
///
/// Coordinates are written with one decimal (or as integers) by hand, without `String(format:)`, so a path
/// of thousands of points costs microseconds. Attribute and text content are XML-escaped.
struct SVGWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 16_384) {
        bytes.reserveCapacity(capacity)
    }

    /// The document as a string.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ s: String) {
        bytes.append(contentsOf: s.utf8)
    }

    mutating func raw(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends `s` with XML's five special characters escaped.
    mutating func escaped(_ s: String) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case UInt8(ascii: "\""): raw("&quot;")
            case UInt8(ascii: "'"): raw("&#39;")
            default:
                // drop C0 control characters other than tab/newline: they are not allowed in XML 1.0
                if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { continue }
                bytes.append(b)
            }
        }
    }

    /// Appends a coordinate rounded to one decimal ("12.3", "-4", "0.5").
    mutating func number(_ v: Double) {
        guard v.isFinite else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        var t = (v * 10).rounded()
        if t == 0 { t = 0 }  // no "-0"
        if t < 0 {
            bytes.append(UInt8(ascii: "-"))
            t = -t
        }
        if t >= 1e15 {
            raw(String(v))
            return
        }
        let n = UInt64(t)
        integer(n / 10)
        let d = n % 10
        if d != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(d))
        }
    }

    mutating func integer(_ n: UInt64) {
        if n < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(n))
            return
        }
        var buf: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var m = n
        withUnsafeMutableBytes(of: &buf) { p in
            while m > 0 {
                p[count] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(p[i]) }
        }
    }

    mutating func integer(_ n: Int) {
        if n < 0 {
            bytes.append(UInt8(ascii: "-"))
            integer(UInt64(-n))
        } else {
            integer(UInt64(n))
        }
    }

    /// Opens an element: `<name a="v" …`; attributes are (name, value) pairs, values escaped.
    mutating func open(_ name: String, _ attributes: [(String, String)] = [], close: Bool = false) {
        raw("<")
        raw(name)
        for (k, v) in attributes {
            raw(" ")
            raw(k)
            raw("=\"")
            escaped(v)
            raw("\"")
        }
        raw(close ? "/>" : ">")
    }

    mutating func close(_ name: String) {
        raw("</")
        raw(name)
        raw(">")
    }

    /// `<text …>content</text>` with escaped content.
    mutating func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", cssClass: String? = nil,
        size: Double? = nil, weight: String? = nil, fill: String? = nil, rotate: Double? = nil
    ) {
        raw("<text x=\"")
        number(x)
        raw("\" y=\"")
        number(y)
        raw("\"")
        if anchor != "start" {
            raw(" text-anchor=\"")
            raw(anchor)
            raw("\"")
        }
        if let cssClass {
            raw(" class=\"")
            escaped(cssClass)
            raw("\"")
        }
        if let size {
            raw(" font-size=\"")
            number(size)
            raw("\"")
        }
        if let weight {
            raw(" font-weight=\"")
            raw(weight)
            raw("\"")
        }
        if let fill {
            raw(" fill=\"")
            escaped(fill)
            raw("\"")
        }
        if let rotate {
            raw(" transform=\"rotate(")
            number(rotate)
            raw(" ")
            number(x)
            raw(" ")
            number(y)
            raw(")\"")
        }
        raw(">")
        escaped(content)
        raw("</text>")
    }

    /// `<line …/>`.
    mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
        cssClass: String? = nil, dash: String? = nil
    ) {
        raw("<line x1=\"")
        number(x1)
        raw("\" y1=\"")
        number(y1)
        raw("\" x2=\"")
        number(x2)
        raw("\" y2=\"")
        number(y2)
        raw("\" stroke=\"")
        escaped(stroke)
        raw("\" stroke-width=\"")
        number(width)
        raw("\"")
        if let dash {
            raw(" stroke-dasharray=\"")
            raw(dash)
            raw("\"")
        }
        if let cssClass {
            raw(" class=\"")
            escaped(cssClass)
            raw("\"")
        }
        raw("/>")
    }

    /// `<rect …/>`, with an optional `<title>` tooltip.
    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, cssClass: String? = nil,
        stroke: String? = nil, opacity: Double? = nil, tooltip: String? = nil
    ) {
        raw("<rect x=\"")
        number(x)
        raw("\" y=\"")
        number(y)
        raw("\" width=\"")
        number(max(0, width))
        raw("\" height=\"")
        number(max(0, height))
        raw("\" fill=\"")
        escaped(fill)
        raw("\"")
        if let stroke {
            raw(" stroke=\"")
            escaped(stroke)
            raw("\"")
        }
        if let opacity {
            raw(" fill-opacity=\"")
            raw(formatPlain(opacity, decimals: 2))
            raw("\"")
        }
        if let cssClass {
            raw(" class=\"")
            escaped(cssClass)
            raw("\"")
        }
        if let tooltip {
            raw("><title>")
            escaped(tooltip)
            raw("</title></rect>")
        } else {
            raw("/>")
        }
    }

    /// `<circle …/>`.
    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, cssClass: String? = nil, opacity: Double? = nil) {
        raw("<circle cx=\"")
        number(cx)
        raw("\" cy=\"")
        number(cy)
        raw("\" r=\"")
        number(r)
        raw("\" fill=\"")
        escaped(fill)
        raw("\"")
        if let opacity {
            raw(" fill-opacity=\"")
            raw(formatPlain(opacity, decimals: 2))
            raw("\"")
        }
        if let cssClass {
            raw(" class=\"")
            escaped(cssClass)
            raw("\"")
        }
        raw("/>")
    }

    /// A polyline path through `points` (pixel coordinates); non-finite points break the line into pieces.
    ///
    /// Returns the number of points written. `fill` nil draws a stroke only; `closeTo` closes each piece down to
    /// a baseline y (for areas).
    @discardableResult
    mutating func path(
        xs: [Double], ys: [Double], stroke: String?, width: Double = 1.5, fill: String? = nil,
        fillOpacity: Double? = nil, cssClass: String, seriesName: String? = nil, closeTo baseline: Double? = nil,
        dash: String? = nil
    ) -> Int {
        raw("<path class=\"")
        escaped(cssClass)
        raw("\"")
        if let seriesName {
            raw(" data-series=\"")
            escaped(seriesName)
            raw("\"")
        }
        raw(" d=\"")
        var written = 0
        var pieceStart: Double? = nil
        var lastX = 0.0
        var penDown = false
        let n = min(xs.count, ys.count)
        xs.withUnsafeBufferPointer { xp in
            ys.withUnsafeBufferPointer { yp in
                for i in 0..<n {
                    let x = xp[i], y = yp[i]
                    if !x.isFinite || !y.isFinite {
                        if penDown, let baseline, let s = pieceStart {
                            raw(" L"); number(lastX); raw(","); number(baseline)
                            raw(" L"); number(s); raw(","); number(baseline); raw(" Z")
                        }
                        penDown = false
                        continue
                    }
                    if written > 0 { raw(" ") }
                    raw(penDown ? "L" : "M")
                    number(x)
                    raw(",")
                    number(y)
                    if !penDown { pieceStart = x }
                    penDown = true
                    lastX = x
                    written += 1
                }
            }
        }
        if penDown, let baseline, let s = pieceStart {
            raw(" L"); number(lastX); raw(","); number(baseline)
            raw(" L"); number(s); raw(","); number(baseline); raw(" Z")
        }
        raw("\" fill=\"")
        escaped(fill ?? "none")
        raw("\"")
        if let fillOpacity {
            raw(" fill-opacity=\"")
            raw(formatPlain(fillOpacity, decimals: 2))
            raw("\"")
        }
        if let stroke {
            raw(" stroke=\"")
            escaped(stroke)
            raw("\" stroke-width=\"")
            number(width)
            raw("\" stroke-linejoin=\"round\"")
        } else {
            raw(" stroke=\"none\"")
        }
        if let dash {
            raw(" stroke-dasharray=\"")
            raw(dash)
            raw("\"")
        }
        raw(" data-points=\"")
        integer(written)
        raw("\"/>")
        return written
    }
}

/// Formats `v` with a fixed number of decimals, without Foundation ("3.14", "-0.50", "12").
func formatPlain(_ v: Double, decimals: Int) -> String {
    guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "∞" : "-∞") }
    let d = max(0, min(decimals, 12))
    var scale = 1.0
    for _ in 0..<d { scale *= 10 }
    var t = (abs(v) * scale).rounded()
    let negative = v < 0 && t != 0
    if t >= 9e15 {
        t = abs(v).rounded()
        return (negative ? "-" : "") + String(UInt64(min(t, 1.8e19)))
    }
    let n = UInt64(t)
    let ip = n / UInt64(scale)
    var s = (negative ? "-" : "") + String(ip)
    if d > 0 {
        let fp = n % UInt64(scale)
        var f = String(fp)
        while f.count < d { f = "0" + f }
        s += "." + f
    }
    return s
}
