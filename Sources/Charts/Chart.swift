import Foundation

/// Errors raised when writing charts and reports.
public enum ChartError: Error, Equatable, CustomStringConvertible {
    /// The file could not be written; `reason` says why (missing folder, permission, …).
    case unwritablePath(path: String, reason: String)
    /// An input was malformed (mismatched lengths, empty grid, …); the message says what to pass instead.
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .unwritablePath(path, reason):
            return "cannot write '\(path)': \(reason) (check that the folder exists and is writable)"
        case let .invalidInput(message):
            return "invalid chart input: \(message)"
        }
    }
}

/// Presentation options shared by every chart type.
public struct ChartOptions: Sendable {
    /// Title drawn above the plot.
    public var title: String
    /// Optional smaller line under the title.
    public var subtitle: String?
    /// Width of the SVG in pixels.
    public var width: Int
    /// Height of the SVG in pixels.
    public var height: Int
    /// Label under the x axis.
    public var xLabel: String?
    /// Label left of the y axis.
    public var yLabel: String?
    /// How y tick labels are written.
    public var yFormat: ValueFormat
    /// How x tick labels are written on numeric (non-time) x axes.
    public var xFormat: ValueFormat
    /// Draw a legend when there is more than one series (or always, for named single series).
    public var showLegend: Bool
    /// Most points drawn per line series; longer series are M4-downsampled to this many.
    public var maxPoints: Int
    /// Fixed lower bound of the y axis (nil: from the data).
    public var yMin: Double?
    /// Fixed upper bound of the y axis (nil: from the data).
    public var yMax: Double?
    /// Series colours (CSS colours), used in order before the default palette.
    public var colors: [String]

    /// Options with defaults (800 × 450 px, plain numbers, legend on, 5,000 points per series at most).
    public init(
        title: String = "", subtitle: String? = nil, width: Int = 800, height: Int = 450, xLabel: String? = nil,
        yLabel: String? = nil, yFormat: ValueFormat = .number, xFormat: ValueFormat = .number,
        showLegend: Bool = true, maxPoints: Int = 5_000, yMin: Double? = nil, yMax: Double? = nil,
        colors: [String] = []
    ) {
        self.title = title
        self.subtitle = subtitle
        self.width = max(120, width)
        self.height = max(90, height)
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.yFormat = yFormat
        self.xFormat = xFormat
        self.showLegend = showLegend
        self.maxPoints = max(4, min(maxPoints, 5_000))
        self.yMin = yMin
        self.yMax = yMax
        self.colors = colors
    }

    /// The colour of the `i`-th series.
    func color(_ i: Int) -> String {
        if i < colors.count { return colors[i] }
        return Palette.series[(i - colors.count) % Palette.series.count]
    }
}

/// Colours and fonts used by all charts.
enum Palette {
    static let series = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                         "#bcbd22", "#17becf"]
    static let up = "#26a69a"
    static let down = "#ef5350"
    static let grid = "#e6e6e6"
    static let axis = "#444444"
    static let text = "#222222"
    static let muted = "#666666"
    static let background = "#ffffff"
    static let font = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
}

/// A rectangle in pixels.
struct Rect: Sendable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
}

/// What a chart type draws inside the area under the title.
protocol ChartBody: Sendable {
    /// False when there is nothing finite to draw: the chart then says "no data".
    var hasData: Bool { get }
    /// Draws the chart into `area`.
    func render(into w: inout SVGWriter, area: Rect, options: ChartOptions)
    /// A Unicode rendering of `columns` × `rows` characters (title and labels included).
    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String
    /// A short identifier of the chart type, written on the root element as `data-chart`.
    var kind: String { get }
}

/// A finished chart: render it as standalone SVG, save it, or draw it in a terminal.
public struct Chart: Sendable {
    /// Presentation options (title, size, axis formats …).
    public var options: ChartOptions
    let body: any ChartBody

    init(body: any ChartBody, options: ChartOptions) {
        self.body = body
        self.options = options
    }

    /// The chart type ("line", "candlestick", "roc" …).
    public var kind: String { body.kind }

    /// True when the chart has something to draw (otherwise it says "no data").
    public var hasData: Bool { body.hasData }

    /// The chart as a standalone SVG document (no external resources).
    public func svg() -> String {
        var w = SVGWriter()
        write(into: &w, standalone: true)
        return w.string
    }

    /// The chart as an `<svg>` element to inline into HTML (no XML declaration).
    public func inlineSVG() -> String {
        var w = SVGWriter()
        write(into: &w, standalone: false)
        return w.string
    }

    func write(into w: inout SVGWriter, standalone: Bool) {
        let width = Double(options.width), height = Double(options.height)
        if standalone { w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") }
        w.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"")
        w.integer(options.width)
        w.raw("\" height=\"")
        w.integer(options.height)
        w.raw("\" viewBox=\"0 0 ")
        w.integer(options.width)
        w.raw(" ")
        w.integer(options.height)
        w.raw("\" font-family=\"")
        w.escaped(Palette.font)
        w.raw("\" font-size=\"11\" data-chart=\"")
        w.raw(body.kind)
        w.raw("\">")
        w.raw("<title>")
        w.escaped(options.title.isEmpty ? body.kind + " chart" : options.title)
        w.raw("</title>")
        w.rect(x: 0, y: 0, width: width, height: height, fill: Palette.background, cssClass: "background")
        var top = 8.0
        if !options.title.isEmpty {
            w.text(options.title, x: width / 2, y: 24, anchor: "middle", cssClass: "chart-title", size: 15,
                   weight: "600", fill: Palette.text)
            top = 34
        }
        if let subtitle = options.subtitle, !subtitle.isEmpty {
            w.text(subtitle, x: width / 2, y: top + 8, anchor: "middle", cssClass: "chart-subtitle", size: 11,
                   fill: Palette.muted)
            top += 16
        }
        let area = Rect(x: 0, y: top, width: width, height: height - top)
        if body.hasData {
            body.render(into: &w, area: area, options: options)
        } else {
            Self.noData(into: &w, area: area)
        }
        w.raw("</svg>")
        if standalone { w.raw("\n") }
    }

    /// Draws a framed, centred "no data" message.
    static func noData(into w: inout SVGWriter, area: Rect) {
        let r = Rect(x: area.x + 50, y: area.y + 10, width: area.width - 70, height: area.height - 50)
        w.rect(x: r.x, y: r.y, width: r.width, height: r.height, fill: "#fafafa", cssClass: "plot-area",
               stroke: Palette.grid)
        w.text("no data", x: r.x + r.width / 2, y: r.y + r.height / 2, anchor: "middle", cssClass: "no-data",
               size: 16, fill: Palette.muted)
    }

    /// Writes the SVG to `path` atomically (a temporary file renamed into place).
    ///
    /// - Throws: `ChartError.unwritablePath` naming the path and the reason.
    public func save(path: String) throws(ChartError) {
        try writeAtomically(svg(), to: path)
    }

    /// A Unicode (braille/block) drawing of the chart for a terminal, `columns` × `rows` characters.
    public func terminalString(columns: Int = 80, rows: Int = 20) -> String {
        let columns = max(20, columns), rows = max(5, rows)
        var head = ""
        if !options.title.isEmpty { head = String(options.title.prefix(columns)) + "\n" }
        let bodyRows = rows - (head.isEmpty ? 0 : 1)
        guard body.hasData else { return head + "(no data)" }
        return head + body.terminal(columns: columns, rows: bodyRows, options: options)
    }
}

/// Writes `text` to `path` through a temporary file in the same folder and a rename.
func writeAtomically(_ text: String, to path: String) throws(ChartError) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
        throw .unwritablePath(path: path, reason: "folder '\(folder)' does not exist")
    }
    guard isDirectory.boolValue else {
        throw .unwritablePath(path: path, reason: "'\(folder)' is not a folder")
    }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw .unwritablePath(path: path, reason: "it is a folder")
    }
    do {
        try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
        let reason = FileManager.default.isWritableFile(atPath: folder)
            ? error.localizedDescription : "permission denied on folder '\(folder)'"
        throw .unwritablePath(path: path, reason: reason)
    }
}
