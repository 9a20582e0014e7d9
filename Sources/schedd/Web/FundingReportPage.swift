import Foundation
import AischedClient
import SchedulerProtocol

/// The funder report for a period: a form to choose the scheme and the dates, the GPU-hours per project, user and
/// budget period with totals, a CSV download (the API's) and a print button; printed, only the report shows.
struct FundingReportPage {
    let schemes: [String]
    let request: FundingReportRequest
    /// nil before a scheme is chosen.
    let rows: [FundingReportRow]?

    var html: String {
        "<h2>Funder report</h2>" + form + (rows.map(report) ?? "<p>Choose a scheme and a period.</p>")
    }

    private var from: String { String(JobJSON.time(request.fromMs)?.prefix(10) ?? "") }
    /// The form's `to` is the last day included, as `aisubmit admin report --to` takes it.
    private var lastDay: String { String(JobJSON.time(request.toMs - 86_400_000)?.prefix(10) ?? "") }

    private var form: String {
        let options = schemes.map { name -> String in
            "<option\(name == request.scheme ? " selected" : "")>\(HTML.escape(name))</option>"
        }.joined()
        return """
            <form class="report no-print" method="get" action="/reports">
            <label>Scheme <select name="scheme">\(options)</select></label>
            <label>From <input type="date" name="from" value="\(from)"></label>
            <label>To (included) <input type="date" name="to" value="\(lastDay)"></label>
            <button type="submit">Show</button></form>
            """
    }

    private func report(_ rows: [FundingReportRow]) -> String {
        let query = "scheme=\(Self.encoded(request.scheme))&from=\(from)&to=\(lastDay)"
        var table = rows.map { r -> [String] in
            [HTML.escape(r.project), HTML.escape(r.user),
             HTML.escape("\(JobJSON.time(r.periodStartMs)?.prefix(10) ?? "") – \(JobJSON.time(r.periodEndMs)?.prefix(10) ?? "")"),
             HTML.number(BudgetLine.hours(Double(r.milliGPUHours) / 1000)), HTML.number(String(r.jobs))]
        }
        var perProject: [String: UInt64] = [:]
        for r in rows { perProject[r.project, default: 0] += r.milliGPUHours }
        for (project, milli) in perProject.sorted(by: { $0.key < $1.key }) {
            table.append(["<b>\(HTML.escape(project))</b>", "(all users)", "",
                          "<b class=\"num\">\(BudgetLine.hours(Double(milli) / 1000))</b>", ""])
        }
        let total = perProject.values.reduce(0, +)
        table.append(["<b>scheme \(HTML.escape(request.scheme))</b>", "", "",
                      "<b class=\"num\" id=\"report-total\">\(BudgetLine.hours(Double(total) / 1000))</b>", ""])
        return """
            <h3>GPU-hours of scheme \(HTML.escape(request.scheme)), \(from) to \(lastDay)</h3>
            <p class="no-print"><a id="csv" href="/api/v1/reports/funding?\(query)&amp;format=csv">Download CSV</a> \
            <button id="print" type="button">Print</button></p>
            """ + HTML.table(["Project", "User", "Period", "GPU-hours", "Jobs"], table, id: "report")
            + "<p class=\"note\">Everything charged in the window, at every QoS, after the QoS multiplier; periods are the "
            + "project's budget periods (else the scheme's) cut to the window.</p>"
    }

    /// A scheme name in a query string (names are plain, but a page must not trust that).
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
