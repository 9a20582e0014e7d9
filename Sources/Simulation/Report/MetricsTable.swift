/// The terminal report: one column per policy, one row per figure, right-aligned; then share attainment per project.
/// `markdown` gives the same rows as a Markdown table (what `scripts/simulate-all.sh` puts in docs/SIMULATION.md).
public enum MetricsTable {
    public static func render(_ runs: [SimulationMetrics], markdown: Bool = false) -> String {
        guard !runs.isEmpty else { return "no replay\n" }
        let rows = self.rows(runs)
        return markdown ? self.markdown(rows) : aligned(rows)
    }

    static func rows(_ runs: [SimulationMetrics]) -> [[String]] {
        let first = runs[0]
        var rows: [[String]] = [["metric"] + runs.map(\.policy.rawValue)]
        func row(_ name: String, _ value: (SimulationMetrics) -> String) { rows.append([name] + runs.map(value)) }
        row("jobs accepted") { NumberText.grouped(Double($0.jobs)) }
        row("finished") { NumberText.grouped(Double($0.finished)) }
        row("never started") { NumberText.grouped(Double($0.neverStarted)) }
        row("rejected at submit") { NumberText.grouped(Double($0.rejected)) }
        for (label, pick) in [("JCT", \SimulationMetrics.completionTime), ("queueing delay", \.queueingDelay)] {
            row("\(label) mean (s)") { NumberText.grouped($0[keyPath: pick].mean) }
            row("\(label) median (s)") { NumberText.grouped($0[keyPath: pick].median) }
            row("\(label) p95 (s)") { NumberText.grouped($0[keyPath: pick].p95) }
            row("\(label) p99 (s)") { NumberText.grouped($0[keyPath: pick].p99) }
        }
        row("bounded slowdown mean") { NumberText.fixed($0.boundedSlowdown.mean, 2) }
        row("bounded slowdown median") { NumberText.fixed($0.boundedSlowdown.median, 2) }
        row("bounded slowdown p99") { NumberText.fixed($0.boundedSlowdown.p99, 2) }
        row("GPU utilisation (\(first.window.rawValue))") { $0.gpuUtilisation.map(percent) ?? "-" }
        row("CPU utilisation (\(first.window.rawValue))") { percent($0.cpuUtilisation) }
        row("waiting > 24 h") { percent($0.waitingOver24h) }
        row("makespan (s)") { NumberText.grouped($0.makespan) }
        row("Jain index (attainment)") { NumberText.fixed($0.jainIndex, 3) }
        if first.projects.count <= maxProjectRows {
            for name in first.projects.map(\.name) {
                row("attainment \(name)") { run in
                    run.projects.first { $0.name == name }.map { NumberText.fixed($0.attainment, 2) } ?? "-"
                }
            }
        } else {
            row("projects") { String($0.projects.count) }
            row("attainment min / median / max") { run in
                let values = run.projects.map(\.attainment)
                return [values.min() ?? 0, Summary(values).median, values.max() ?? 0]
                    .map { NumberText.fixed($0, 2) }.joined(separator: " / ")
            }
        }
        row("start estimates made") { NumberText.grouped(Double($0.estimates.estimated)) }
        row("started by estimate") { percent($0.estimates.held) }
        row("… within \(Int(EstimateAccuracy.tolerance)) s") { percent($0.estimates.heldWithinTolerance) }
        row("late start p95 (s)") { NumberText.grouped($0.estimates.lateness.p95) }
        row("core calls") { NumberText.grouped(Double($0.handleCalls)) }
        return rows
    }

    /// More projects than this are summarised (a PWA log has dozens of users) rather than listed.
    static let maxProjectRows = 12

    static func markdown(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        let rule = "|" + header.indices.map { $0 == 0 ? "---|" : "---:|" }.joined()
        let lines = rows.map { "| " + $0.joined(separator: " | ") + " |" }
        return ([lines[0], rule] + lines.dropFirst()).joined(separator: "\n") + "\n"
    }

    static func percent(_ value: Double) -> String { NumberText.fixed(value * 100, 1) + "%" }

    static func aligned(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
