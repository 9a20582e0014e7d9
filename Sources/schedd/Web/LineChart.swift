import Foundation

/// A line chart over time as inline SVG, drawn on the server so pages need nothing from elsewhere: the queue over
/// the last day, a budget's burn-down. Each series is a polyline; the y axis starts at 0; times along the bottom are
/// UTC (hours for a short window, dates for a long one).
struct LineChart {
    struct Series {
        var name: String
        var colour: String
        var dashed = false
        /// (ms since the epoch, value), in time order.
        var points: [(x: Int64, y: Double)]
    }

    var id: String
    /// What the y axis counts, e.g. "jobs", "GPU-hours".
    var unit: String
    var from: Int64
    var to: Int64
    var series: [Series]
    /// Draws a line across at this value (e.g. a budget), named.
    var marker: (name: String, y: Double)? = nil

    static let width = 760.0, height = 240.0, left = 64.0, right = 16.0, top = 12.0, bottom = 44.0

    var svg: String {
        let plotW = Self.width - Self.left - Self.right, plotH = Self.height - Self.top - Self.bottom
        let span = Double(max(to - from, 1))
        let highest = max(series.flatMap { $0.points.map(\.y) }.max() ?? 0, marker?.y ?? 0, 1) * 1.05
        func x(_ t: Int64) -> String { Self.fixed(Self.left + Double(t - from) / span * plotW) }
        func y(_ v: Double) -> String { Self.fixed(Self.top + (1 - max(0, v) / highest) * plotH) }
        var parts = ["<rect x=\"\(Self.left)\" y=\"\(Self.top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"#fff\" stroke=\"#b0b8c2\"/>"]
        for tick in 0...4 {
            let value = highest * Double(tick) / 4
            let t = from + Int64(span * Double(tick) / 4)
            parts.append("<text x=\"\(Self.left - 6)\" y=\"\(y(value))\" text-anchor=\"end\">\(Self.number(value))</text>")
            parts.append("<text x=\"\(x(t))\" y=\"\(Self.height - Self.bottom + 16)\" text-anchor=\"middle\">\(Self.timeLabel(t, span: span))</text>")
        }
        parts.append("<text x=\"8\" y=\"\(Self.top + 10)\" font-size=\"11\">\(HTML.escape(unit))</text>")
        if let marker {
            parts.append("<line x1=\"\(Self.left)\" x2=\"\(Self.width - Self.right)\" y1=\"\(y(marker.y))\" y2=\"\(y(marker.y))\" "
                         + "stroke=\"#8e24aa\" stroke-dasharray=\"2 3\"><title>\(HTML.escape(marker.name))</title></line>")
        }
        var legend: [String] = []
        for (index, line) in series.enumerated() {
            let points = line.points.map { point -> String in "\(x(point.x)),\(y(point.y))" }.joined(separator: " ")
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            parts.append("<polyline class=\"series\" data-name=\"\(HTML.escape(line.name))\" fill=\"none\" "
                         + "stroke=\"\(line.colour)\" stroke-width=\"1.6\"\(dash) points=\"\(points)\"/>")
            legend.append("<text x=\"\(Self.left + Double(index) * 170)\" y=\"\(Self.height - 8)\" fill=\"\(line.colour)\">"
                          + "\(line.dashed ? "- - " : "— ")\(HTML.escape(line.name))</text>")
        }
        return "<svg id=\"\(HTML.escape(id))\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" "
            + "height=\"\(Int(Self.height))\" font-size=\"11\" font-family=\"sans-serif\">"
            + (parts + legend).joined() + "</svg>"
    }

    static func fixed(_ value: Double) -> String { String(format: "%.1f", value) }

    /// 1.2k for axis labels; small values with one decimal.
    static func number(_ value: Double) -> String {
        if value >= 10_000 { return String(format: "%.0fk", value / 1000) }
        if value >= 1_000 { return String(format: "%.1fk", value / 1000) }
        return value >= 10 || value == 0 ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    /// "14:00" within two days, "03-14" beyond (UTC).
    static func timeLabel(_ ms: Int64, span: Double) -> String {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return span <= 2 * 86_400_000 ? String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
            : String(format: "%02d-%02d", c.month ?? 0, c.day ?? 0)
    }
}
