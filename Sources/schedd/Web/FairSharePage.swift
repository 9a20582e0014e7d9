import SchedulerProtocol

/// The Fair Tree as `sshare` shows it: every scheme, project and user the caller may see, each followed by its
/// subtree, siblings in the order Fair Tree ranks them (most under-served first), with S (its part of its siblings' shares), U (its part of its parent's
/// usage), LF = S / U and each user's factor, and a bar of S against U.
struct FairSharePage {
    let levels: [FairShareLevelInfo]

    var html: String {
        let rows = levels.map { l -> [String] in
            let s = Double(l.sharesNormMillionths) / 1_000_000, u = Double(l.usageNormMillionths) / 1_000_000
            let indent = String(repeating: "&nbsp;&nbsp;&nbsp;", count: max(0, l.path.count - 1))
            let name = HTML.escape(l.path.last ?? "")
            let kind = l.isUser ? "user" : (l.path.count == 1 ? "scheme" : "project")
            let lf = l.usedNothing ? "∞" : String(format: "%.3f", Double(l.levelFairShareMillionths) / 1_000_000)
            return ["\(indent)<span class=\"\(kind)\">\(name)</span>", kind, HTML.percent(s), HTML.percent(u),
                    bar(s, u), HTML.number(BudgetLine.hours(Double(l.usageMilliGpuHours) / 1000)),
                    HTML.number(lf), l.isUser ? HTML.number(String(format: "%.3f", Double(l.factorMillionths) / 1_000_000)) : ""]
        }
        return "<h2>Fair share</h2>"
            + HTML.table(["Account / user", "Level", "Share (S)", "Usage (U)", "S against U", "Decayed usage (GPU-h)",
                          "LF = S/U", "Factor"], rows, id: "fairshare")
            + "<p class=\"note\">Fair Tree ranks siblings by LF, highest (least served) first, and gives users their "
            + "factor by rank: 1 is the most under-served user. ∞: nothing used yet.</p>"
    }

    /// Two thin bars, S above U, as wide as their fractions.
    private func bar(_ s: Double, _ u: Double) -> String {
        "<svg width=\"120\" height=\"14\" class=\"su\"><rect x=\"0\" y=\"1\" width=\"\(Int(s * 120))\" height=\"5\" fill=\"#1e88e5\">"
            + "<title>share</title></rect><rect x=\"0\" y=\"8\" width=\"\(Int(min(u, 1) * 120))\" height=\"5\" fill=\"#fb8c00\">"
            + "<title>usage</title></rect></svg>"
    }
}
