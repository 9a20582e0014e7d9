import SchedulerCore
import SchedulerProtocol

/// Server-rendered pages: every text from a user or a node escaped, one layout with the centre's navigation, the
/// stylesheet and live-update script served by schedd itself (no CDN: a closed cluster network has none).
enum HTML {
    /// `text` safe inside an element or a quoted attribute.
    static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A whole page. `live`: the page's `<main>` is fetched again every `WebAssets.refreshSeconds` (live.js).
    /// `who`: the logged-in caller, whose role decides the links (`navigation(for:)`).
    static func page(title: String, who: Principal?, live: Bool = false, scripts: [String] = [], _ body: String) -> String {
        let scripts = (live ? ["live.js"] : []) + scripts
        let nav = who.map { principal in
            let links = navigation(for: principal).map { link -> String in "<a href=\"\(link.0)\">\(link.1)</a>" }
            return """
                <nav>\(links.joined(separator: " ")) \
                <span class="who">\(escape(principal.name))\(principal.role == .user ? "" : " (\(principal.role.rawValue))")</span>\
                <form method="post" action="/logout"><button type="submit">Log out</button></form></nav>
                """
        } ?? ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · aisched</title><link rel="stylesheet" href="/static/aisched.css">\
            \(scripts.map { name -> String in "<script src=\"/static/\(name)\" defer></script>" }.joined())</head>
            <body><header><h1>aisched</h1>\(nav)</header>
            <main\(live ? " data-live" : "")>\(body)</main></body></html>
            """
    }

    /// The pages of the navigation bar, each with the request that fills it: a role sees the links whose request the
    /// RPC table admits it to (a viewer has no queue; reports are for admins and viewers).
    static let pages: [(path: String, title: String, needs: RPC)] = [
        ("/", "Centre", .listNodes), ("/queue", "Queue", .queryJobs), ("/nodes", "Nodes", .listNodes),
        ("/schemes", "Schemes", .queryUsage), ("/fairshare", "Fair share", .fairShareTree),
        ("/reports", "Reports", .fundingReport),
    ]

    static func navigation(for principal: Principal) -> [(String, String)] {
        pages.filter { $0.needs.descriptor.admits(principal) }.map { ($0.path, $0.title) }
    }

    /// A number in a table cell, aligned right ("" for none).
    static func number(_ text: String?) -> String { "<span class=\"num\">\(text ?? "")</span>" }

    /// A fraction as a whole percentage in a table cell.
    static func percent(_ fraction: Double) -> String {
        "<span class=\"num\">\(Int((fraction * 100).rounded())) %</span>"
    }

    /// A table (without a header row when `header` is empty); cells are HTML already (escape what comes from people).
    static func table(_ header: [String], _ rows: [[String]], id: String? = nil) -> String {
        // Closures say `-> String`: schedd also sees GRDB's `SQL`, which string literals could otherwise become.
        let head = header.map { cell -> String in "<th>\(escape(cell))</th>" }.joined()
        let body = rows.map { row -> String in
            "<tr>" + row.map { cell -> String in "<td>\(cell)</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        let attribute = id.map { name -> String in " id=\"\(escape(name))\"" } ?? ""
        let thead = header.isEmpty ? "" : "<thead><tr>\(head)</tr></thead>"
        return "<table\(attribute)>\(thead)<tbody>\n\(body)\n</tbody></table>"
    }
}
