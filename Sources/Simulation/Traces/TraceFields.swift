import SchedulerCore

/// Field parsing shared by the readers: each failure names the column and the text, so a bad line's reason says
/// exactly what to fix.
struct TraceFields {
    let fields: [Substring]
    let line: Int

    init(_ line: Substring, number: Int, separator: Character) {
        fields = line.split(separator: separator, omittingEmptySubsequences: false)
        self.line = number
    }

    /// Whitespace-separated fields (SWF).
    init(whitespaceSeparated line: Substring, number: Int) {
        fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        self.line = number
    }

    func fail(_ reason: String) -> TraceError { .badLine(line: line, reason: reason) }

    func text(_ index: Int, _ name: String) throws(TraceError) -> Substring {
        guard index < fields.count else {
            throw fail("\(fields.count) fields, column \(name) (field \(index + 1)) is missing")
        }
        return fields[index].trimmingBlanks
    }

    func double(_ index: Int, _ name: String) throws(TraceError) -> Double {
        let raw = try text(index, name)
        guard let value = Double(raw), value.isFinite else { throw fail("\(name) \"\(raw)\" is not a number") }
        return value
    }

    func nonNegative(_ index: Int, _ name: String) throws(TraceError) -> Double {
        let value = try double(index, name)
        guard value >= 0 else { throw fail("\(name) \(formatted(value)) is negative") }
        return value
    }

    func integer(_ index: Int, _ name: String) throws(TraceError) -> Int {
        let raw = try text(index, name)
        guard let value = Int(raw) else { throw fail("\(name) \"\(raw)\" is not an integer") }
        return value
    }

    /// Seconds on the trace's clock as an exact millisecond `Instant`/`Span` value.
    func milliseconds(_ index: Int, _ name: String) throws(TraceError) -> Int64 {
        let seconds = try nonNegative(index, name)
        guard seconds < 1e13 else { throw fail("\(name) \(formatted(seconds)) s is out of range") }
        return Int64((seconds * 1000).rounded())
    }

    private func formatted(_ value: Double) -> String { String(describing: value) }
}

/// The positions of named columns in a CSV header, so readers accept columns in any order.
struct CSVHeader {
    let positions: [String: Int]

    init(_ line: Substring) {
        var positions: [String: Int] = [:]
        for (index, name) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            positions[String(name.trimmingBlanks).lowercased()] = index
        }
        self.positions = positions
    }

    func require(_ names: [String], in file: String) throws(TraceError) -> [Int] {
        var indices: [Int] = []
        for name in names {
            guard let index = positions[name] else {
                throw .badFile(reason: "\(file): line 1 (the header) has no column \"\(name)\"")
            }
            indices.append(index)
        }
        return indices
    }
}

extension Substring {
    var trimmingBlanks: Substring {
        var s = self
        while let first = s.first, first == " " || first == "\t" || first == "\r" || first == "\"" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" || last == "\r" || last == "\"" { s = s.dropLast() }
        return s
    }
}
