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
    /// The values are counts: no tick between whole numbers.
    var counts = false

    static let width = 760.0, height = 250.0, left = 64.0, right = 16.0, top = 24.0, bottom = 44.0

    var svg: String {
        let plotW = Self.width - Self.left - Self.right, plotH = Self.height - Self.top - Self.bottom
        let span = Double(max(to - from, 1))
        let (highest, tickStep) = Self.scale(max(series.flatMap { $0.points.map(\.y) }.max() ?? 0, marker?.y ?? 0),
                                             counts: counts)
        func x(_ t: Int64) -> String { Self.fixed(Self.left + Double(t - from) / span * plotW) }
        func y(_ v: Double) -> String { Self.fixed(Self.top + (1 - max(0, v) / highest) * plotH) }
        var parts = ["<rect x=\"\(Self.left)\" y=\"\(Self.top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"#fff\" stroke=\"#b0b8c2\"/>"]
        var value = 0.0
        while value <= highest + tickStep / 2 {
            parts.append("<text x=\"\(Self.left - 6)\" y=\"\(y(value))\" dy=\"4\" text-anchor=\"end\">\(Self.number(value))</text>")
            value += tickStep
        }
        for tick in 0...4 {
            let t = from + Int64(span * Double(tick) / 4)
            // The last label ends at the plot's edge rather than running past the picture.
            let anchor = tick == 4 ? "end" : "middle"
            parts.append("<text x=\"\(x(t))\" y=\"\(Self.height - Self.bottom + 16)\" text-anchor=\"\(anchor)\">\(Self.timeLabel(t, span: span))</text>")
        }
        parts.append("<text x=\"\(Self.left)\" y=\"\(Self.top - 8)\" font-size=\"11\">\(HTML.escape(unit))</text>")
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

    /// The top of the y axis and the step between its ticks: a round step (1, 2 or 5 times a power of ten; at least 1
    /// for counts) that gives up to eight ticks over `highest` (at least 1, so an empty chart still has an axis).
    static func scale(_ highest: Double, counts: Bool = false) -> (top: Double, step: Double) {
        let target = max(max(highest, 1e-9) / 4, counts ? 1 : 0)
        var power = 1.0
        while power * 10 <= target { power *= 10 }
        while power > target { power /= 10 }
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= target } ?? power * 10
        let top = max((highest / step).rounded(.up), 1) * step
        return highest <= 0 ? (1, counts ? 1 : 0.25) : (top, step)
    }

    /// 1.2k for axis labels; below 10 as many decimals as a round step has (0.25, 0.02).
    static func number(_ value: Double) -> String {
        if value >= 10_000 { return String(format: "%.0fk", value / 1000) }
        if value >= 1_000 { return String(format: "%.1fk", value / 1000) }
        if value >= 10 || value == value.rounded() { return String(format: "%.0f", value) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// "14:05:30" within two hours, "14:05" within two days, "03-14" beyond (UTC).
    static func timeLabel(_ ms: Int64, span: Double) -> String {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.month, .day, .hour, .minute, .second], from: date)
        if span <= 2 * 3_600_000 { return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0) }
        return span <= 2 * 86_400_000 ? String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
            : String(format: "%02d-%02d", c.month ?? 0, c.day ?? 0)
    }
}
