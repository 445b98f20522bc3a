import Ink

/// A table for reports: a header row and rows of cells, each cell optionally tinted red/green by a tone.
public struct ReportTable: Sendable {
    /// One cell: its text and an optional tone in -1…1 (negative red, positive green) for the background.
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        /// Displayed text.
        public var text: String
        /// Background tint: -1 strong red … 0 none … 1 strong green; nil for no tint.
        public var tone: Double?

        /// A cell with text and an optional tone.
        public init(_ text: String, tone: Double? = nil) {
            self.text = text
            self.tone = tone
        }

        /// A plain text cell.
        public init(stringLiteral value: String) {
            self.init(value)
        }
    }

    /// Optional caption above the table.
    public var caption: String?
    /// Column headers.
    public var header: [String]
    /// Rows of cells.
    public var rows: [[Cell]]

    /// A table from header and cell rows.
    public init(caption: String? = nil, header: [String], rows: [[Cell]]) {
        self.caption = caption
        self.header = header
        self.rows = rows
    }

    /// A two-column name/value table.
    public init(caption: String? = nil, keyValues: [(String, String)], header: [String] = ["Metric", "Value"]) {
        self.init(caption: caption, header: header, rows: keyValues.map { [Cell($0.0), Cell($0.1)] })
    }

    /// Plain rows of strings.
    public init(caption: String? = nil, header: [String], stringRows: [[String]]) {
        self.init(caption: caption, header: header, rows: stringRows.map { $0.map { Cell($0) } })
    }
}

/// A self-contained HTML report (inline CSS and SVG, no network): a title and sections of Markdown text,
/// tables and charts. The output is also well-formed XML (XHTML syntax).
public struct HTMLReport: Sendable {
    /// A block of content.
    public enum Block: Sendable {
        /// Markdown, rendered with Ink.
        case markdown(String)
        /// A table.
        case table(ReportTable)
        /// A chart drawn inline as SVG, with an optional caption.
        case chart(Chart, caption: String?)
        /// Preformatted text (e.g. a terminal chart or a log).
        case preformatted(String)
    }

    /// A titled section holding blocks.
    public struct Section: Sendable {
        /// Heading of the section.
        public var title: String
        /// Anchor id (letters, digits and dashes).
        public var id: String
        /// The content.
        public var blocks: [Block]
    }

    /// Document title (the `<h1>` and `<title>`).
    public var title: String
    /// Optional Markdown under the title.
    public var introduction: String?
    /// The sections in order.
    public private(set) var sections: [Section] = []

    /// An empty report.
    public init(title: String, introduction: String? = nil) {
        self.title = title
        self.introduction = introduction
    }

    /// Starts a new section; following `add…` calls put their blocks in it.
    public mutating func addSection(_ title: String, id: String? = nil) {
        var anchor = (id ?? title).lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
            .reduce(into: "") { s, c in if !(c == "-" && s.hasSuffix("-")) { s.append(c) } }
        while anchor.hasSuffix("-") { anchor.removeLast() }
        if anchor.isEmpty { anchor = "section" }
        var unique = anchor, k = 2
        while sections.contains(where: { $0.id == unique }) {
            unique = "\(anchor)-\(k)"
            k += 1
        }
        sections.append(Section(title: title, id: unique, blocks: []))
    }

    private mutating func add(_ block: Block) {
        if sections.isEmpty { addSection("Overview") }
        sections[sections.count - 1].blocks.append(block)
    }

    /// Adds a paragraph (or any Markdown) to the current section.
    public mutating func addMarkdown(_ markdown: String) { add(.markdown(markdown)) }

    /// Adds a table to the current section.
    public mutating func addTable(_ table: ReportTable) { add(.table(table)) }

    /// Adds a chart (inline SVG) to the current section.
    public mutating func addChart(_ chart: Chart, caption: String? = nil) { add(.chart(chart, caption: caption)) }

    /// Adds preformatted text to the current section.
    public mutating func addPreformatted(_ text: String) { add(.preformatted(text)) }

    /// The whole document.
    public func html() -> String {
        var w = SVGWriter(capacity: 65_536)
        w.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        w.raw("<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        w.raw("<meta name=\"generator\" content=\"Lunar Charts\"/>\n<title>")
        w.escaped(title)
        w.raw("</title>\n<style>\n")
        w.raw(Self.css)
        w.raw("</style>\n</head>\n<body>\n<header><h1>")
        w.escaped(title)
        w.raw("</h1>")
        if let introduction { w.raw(Self.markdownHTML(introduction)) }
        if sections.count > 1 {
            w.raw("<nav><ul>")
            for s in sections {
                w.raw("<li><a href=\"#")
                w.raw(s.id)
                w.raw("\">")
                w.escaped(s.title)
                w.raw("</a></li>")
            }
            w.raw("</ul></nav>")
        }
        w.raw("</header>\n<main>\n")
        for s in sections {
            w.raw("<section id=\"")
            w.raw(s.id)
            w.raw("\" class=\"report-section\">\n<h2>")
            w.escaped(s.title)
            w.raw("</h2>\n")
            for block in s.blocks {
                switch block {
                case let .markdown(text):
                    w.raw("<div class=\"markdown\">")
                    w.raw(Self.markdownHTML(text))
                    w.raw("</div>\n")
                case let .table(table):
                    Self.write(table, into: &w)
                case let .chart(chart, caption):
                    w.raw("<figure class=\"chart\" data-chart=\"")
                    w.raw(chart.kind)
                    w.raw("\">")
                    chart.write(into: &w, standalone: false)
                    if let caption {
                        w.raw("<figcaption>")
                        w.escaped(caption)
                        w.raw("</figcaption>")
                    }
                    w.raw("</figure>\n")
                case let .preformatted(text):
                    w.raw("<pre>")
                    w.escaped(text)
                    w.raw("</pre>\n")
                }
            }
            w.raw("</section>\n")
        }
        w.raw("</main>\n<footer>Generated by Lunar.</footer>\n</body>\n</html>\n")
        return w.string
    }

    /// Writes the document to `path` atomically.
    ///
    /// - Throws: `ChartError.unwritablePath` naming the path and the reason.
    public func save(path: String) throws(ChartError) {
        try writeAtomically(html(), to: path)
    }

    /// Markdown → HTML with Ink, made XML-well-formed (void elements closed).
    static func markdownHTML(_ markdown: String) -> String {
        let html = MarkdownParser().html(from: markdown)
        return html.replacingOccurrences(of: "<br>", with: "<br/>").replacingOccurrences(of: "<hr>", with: "<hr/>")
    }

    static func write(_ table: ReportTable, into w: inout SVGWriter) {
        w.raw("<div class=\"table-wrap\"><table>")
        if let caption = table.caption {
            w.raw("<caption>")
            w.escaped(caption)
            w.raw("</caption>")
        }
        w.raw("<thead><tr>")
        for h in table.header {
            w.raw("<th>")
            w.escaped(h)
            w.raw("</th>")
        }
        w.raw("</tr></thead><tbody>")
        for row in table.rows {
            w.raw("<tr>")
            for (i, cell) in row.enumerated() {
                w.raw(i == 0 ? "<th scope=\"row\"" : "<td")
                if let tone = cell.tone, tone.isFinite {
                    let t = min(1, max(-1, tone))
                    w.raw(" style=\"background-color:")
                    w.raw(ColorScale.diverging(0.5 + t * 0.4))
                    w.raw("\"")
                }
                w.raw(">")
                w.escaped(cell.text)
                w.raw(i == 0 ? "</th>" : "</td>")
            }
            w.raw("</tr>")
        }
        w.raw("</tbody></table></div>\n")
    }

    static let css = """
        body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; color: #222; margin: 0;
               background: #f6f7f9; line-height: 1.45; }
        header, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 24px; }
        h1 { font-size: 26px; margin: 0 0 8px 0; }
        h2 { font-size: 19px; margin: 0 0 12px 0; border-bottom: 1px solid #e3e3e3; padding-bottom: 6px; }
        nav ul { list-style: none; padding: 0; margin: 8px 0 0 0; display: flex; flex-wrap: wrap; gap: 14px; }
        nav a { color: #1f77b4; text-decoration: none; font-size: 14px; }
        section.report-section { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 16px 20px;
               margin: 18px 0; }
        figure.chart { margin: 12px 0; overflow-x: auto; }
        figure.chart svg { max-width: 100%; height: auto; }
        figcaption { color: #666; font-size: 13px; }
        .table-wrap { overflow-x: auto; margin: 10px 0; }
        table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { border: 1px solid #e3e3e3; padding: 4px 9px; text-align: right; }
        thead th { background: #f0f2f5; text-align: center; }
        tbody th { text-align: left; font-weight: 600; background: #fafbfc; }
        pre { background: #f4f4f4; padding: 10px; overflow-x: auto; font-size: 12px; line-height: 1.15; }
        code { background: #f4f4f4; padding: 1px 4px; border-radius: 3px; }
        footer { color: #888; font-size: 12px; padding-bottom: 24px; }

        """
}
