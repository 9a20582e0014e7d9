import AischedClient
import Hummingbird
import HummingbirdCore

/// `from`, `to` and `step` of a report or series in a query string: dates (`2026-01-01`, a `to` date inclusive) or
/// ISO 8601 times, and `hour`, `day` or `week`. Every bad parameter is reported at once.
struct ReportWindow: Equatable {
    var fromMs: Int64
    var toMs: Int64
    var stepMs: Int64

    static let steps: [String: Int64] = ["hour": 3_600_000, "day": 86_400_000, "week": 604_800_000]

    /// The window the parameters give, each missing one from `defaults`.
    static func read(_ parameters: FlatDictionary<Substring, Substring>, defaults: ReportWindow) -> Result<ReportWindow, WebError> {
        var window = defaults
        var problems: [String] = []
        if let text = parameters["from"], !text.isEmpty {
            if let ms = DateText.milliseconds(String(text)) { window.fromMs = ms } else { problems.append("from=\(text) is not \(DateText.expected)") }
        }
        if let text = parameters["to"], !text.isEmpty {
            if let ms = DateText.milliseconds(String(text), endOfDay: true) { window.toMs = ms } else { problems.append("to=\(text) is not \(DateText.expected)") }
        }
        if let text = parameters["step"], !text.isEmpty {
            if let ms = steps[text.lowercased()] { window.stepMs = ms } else { problems.append("step=\(text) is not hour, day or week") }
        }
        if problems.isEmpty, window.toMs <= window.fromMs {
            problems.append("to must be after from")
        }
        guard problems.isEmpty else {
            return .failure(WebError(.badRequest, problems.joined(separator: "; "),
                                     hint: "e.g. from=2026-01-01&to=2026-03-31 (the 31st included)&step=day"))
        }
        return .success(window)
    }

    /// The last 30 days up to the end of today, by day: what a series or a report covers when nothing is asked.
    static func recent(now: Int64) -> ReportWindow {
        let day: Int64 = 86_400_000
        let endOfToday = (now / day + 1) * day
        return ReportWindow(fromMs: endOfToday - 30 * day, toMs: endOfToday, stepMs: day)
    }
}
