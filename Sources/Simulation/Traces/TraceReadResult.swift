/// The jobs a reader got out of a trace, and the lines it skipped (only with `skipBadLines`).
public struct TraceReadResult: Sendable {
    public var jobs: [TraceJob]
    public var skipped: [TraceError]
    /// Lines that are valid but describe nothing to replay (e.g. pods that were never scheduled), by reason.
    public var excluded: [String: Int]

    public init(jobs: [TraceJob] = [], skipped: [TraceError] = [], excluded: [String: Int] = [:]) {
        self.jobs = jobs
        self.skipped = skipped
        self.excluded = excluded
    }

    init(_ walk: LineWalk<TraceJob>) {
        self.init(jobs: walk.rows, skipped: walk.skipped, excluded: walk.excluded)
    }
}

/// What walking the lines of a text file gave: parsed rows, skipped bad lines, excluded lines by reason.
struct LineWalk<Row> {
    var rows: [Row] = []
    var skipped: [TraceError] = []
    var excluded: [String: Int] = [:]

    mutating func exclude(_ reason: String) { excluded[reason, default: 0] += 1 }
}

/// Walks the data lines of a text file, numbering them, and applies the bad-line policy in one place: a line
/// whose parse throws stops the read, unless bad lines are skipped, in which case it is recorded and the read
/// goes on.
struct TraceLineWalker {
    var skipBadLines: Bool

    /// `parse` returns nil for a line that is valid but excluded (it says why through `LineWalk.exclude`).
    func walk<Row>(_ lines: [Substring], firstLine: Int = 1, isComment: (Substring) -> Bool = { _ in false },
                   parse: (Substring, Int, inout LineWalk<Row>) throws(TraceError) -> Row?) throws(TraceError) -> LineWalk<Row> {
        var result = LineWalk<Row>()
        for (offset, raw) in lines.enumerated() {
            let number = firstLine + offset
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || isComment(line) { continue }
            do throws(TraceError) {
                if let row = try parse(line, number, &result) { result.rows.append(row) }
            } catch {
                guard skipBadLines else { throw error }
                result.skipped.append(error)
            }
        }
        return result
    }
}

extension TraceLineWalker {
    /// A CSV file with a header naming `columns` (any order, others ignored): `parse` gets each data line's fields
    /// and the positions of `columns` in them.
    func walkCSV<Row>(_ text: String, columns: [String], in what: String,
                      parse: (TraceFields, [Int], inout LineWalk<Row>) throws(TraceError) -> Row?) throws(TraceError) -> LineWalk<Row> {
        let lines = splitLines(text)
        guard let header = lines.first else { throw .badFile(reason: "the \(what) is empty") }
        let positions = try CSVHeader(header).require(columns, in: what)
        return try walk(Array(lines.dropFirst()), firstLine: 2) { line, number, result throws(TraceError) in
            try parse(TraceFields(line, number: number, separator: ","), positions, &result)
        }
    }
}

/// Splits text into lines without Foundation, keeping empty lines so that numbering matches the file.
func splitLines(_ text: String) -> [Substring] {
    text.split(separator: "\n", omittingEmptySubsequences: false)
}
