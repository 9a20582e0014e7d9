import Foundation

/// A Markdown table printed as the benchmark's result, ready to paste into docs/PERFORMANCE.md.
struct ReportTable {
    let title: String
    let columns: [String]
    private(set) var rows: [[String]] = []

    init(_ title: String, columns: [String]) {
        self.title = title
        self.columns = columns
    }

    mutating func add(_ row: [String]) {
        precondition(row.count == columns.count, "a row of \(title) has \(row.count) cells, not \(columns.count)")
        rows.append(row)
    }

    func render() -> String {
        var lines = ["### \(title)", "", line(columns), line(columns.map { _ in "---" })]
        lines += rows.map(line)
        return lines.joined(separator: "\n") + "\n"
    }

    func print() {
        Swift.print(render())
    }

    private func line(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }
}

/// Progress for the person waiting, on stderr so stdout stays a clean report.
func progress(_ message: String) {
    FileHandle.standardError.write(Data("schedbench: \(message)\n".utf8))
}
