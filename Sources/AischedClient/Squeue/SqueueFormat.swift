import SchedulerCore
import SchedulerProtocol

/// squeue's `-o/--format`: text with `%[.][width]letter` fields, printed as squeue prints them. Text around the
/// fields is printed as it is; `.` right-justifies, a width pads (and cuts most values, see `SqueueCell.cut`), and `-`
/// (left, the default) is taken too. `%%` is a literal `%`.
public struct SqueueFormat: Equatable, Sendable {
    public enum Piece: Equatable, Sendable {
        case text(String)
        case field(SqueueField, width: Int, rightJustified: Bool)
    }

    public var pieces: [Piece]

    public init(pieces: [Piece]) { self.pieces = pieces }

    /// A width beyond this is a typo, not a column.
    static let widestField = 1_000

    /// Reads a format; every unknown letter and malformed field is reported at once, with the letters there are.
    public static func parse(_ text: String) -> Result<SqueueFormat, SqueueOptionError> {
        var reader = FormatReader(text[...])
        var pieces: [Piece] = []
        var problems: [String] = []
        var unknown: [String] = []
        while let piece = reader.next() {
            switch piece {
            case .success(let piece): pieces.append(piece)
            case .failure(.unknownLetter(let spec)): unknown.append(spec)
            case .failure(.problem(let problem)): problems.append(problem)
            }
        }
        if !unknown.isEmpty {
            problems.append("--format: unknown field " + unknown.joined(separator: ", ") + "; aisched's queue knows "
                            + SqueueField.allCases.map { "%\($0.rawValue) \($0.meaning)" }.joined(separator: "; "))
        }
        if text.isEmpty { problems.append("--format needs at least one field, e.g. \"%.18i %.8u %.2t %R\"") }
        return problems.isEmpty ? .success(SqueueFormat(pieces: pieces)) : .failure(SqueueOptionError(problems))
    }

    /// Every job a line, after the header line unless `header` is false.
    public func render(_ jobs: [JobInfo], header: Bool = true, _ context: SqueueContext = SqueueContext()) -> String {
        var lines = header ? [line { $0.header }] : []
        lines += jobs.map { job in line { $0.value(of: job, context) } }
        return lines.joined(separator: "\n")
    }

    private func line(_ cell: (SqueueField) -> SqueueCell) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case let .field(field, width, right): Self.fit(cell(field), width: width, rightJustified: right)
            }
        }.joined()
    }

    /// squeue's `_print_str`: no width prints the value as it is; left-justified values are always cut to the width
    /// (printf's precision) and padded; right-justified ones are padded, and cut only when the field cuts.
    static func fit(_ cell: SqueueCell, width: Int, rightJustified: Bool) -> String {
        // Names and reasons come from users: control characters are shown, never obeyed by the terminal.
        let text = PrintableText.escaped(cell.text)
        guard width > 0 else { return text }
        if rightJustified {
            let padded = String(repeating: " ", count: max(0, width - text.count)) + text
            return cell.cut ? String(padded.prefix(width)) : padded
        }
        let cut = String(text.prefix(width))
        return cut + String(repeating: " ", count: width - cut.count)
    }
}

/// Splits a format into pieces, one `next()` at a time.
private struct FormatReader {
    enum Failure: Error {
        case unknownLetter(String)
        case problem(String)
    }

    private var rest: Substring
    private let whole: String

    init(_ text: Substring) {
        rest = text
        whole = String(text)
    }

    mutating func next() -> Result<SqueueFormat.Piece, Failure>? {
        guard let first = rest.first else { return nil }
        guard first == "%" else { return .success(.text(takeText())) }
        rest = rest.dropFirst()
        if rest.first == "%" {
            rest = rest.dropFirst()
            return .success(.text("%"))
        }
        return field()
    }

    private mutating func takeText() -> String {
        let text = rest.prefix { $0 != "%" }
        rest = rest.dropFirst(text.count)
        return String(text)
    }

    /// After a `%`: `[.|-][width]letter`.
    private mutating func field() -> Result<SqueueFormat.Piece, Failure> {
        var spec = "%"
        let right = rest.first == "."
        if let flag = rest.first, flag == "." || flag == "-" {
            spec.append(flag)
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count)
        spec += digits
        guard let letter = rest.first else {
            return .failure(.problem("--format \"\(whole)\" ends with \"\(spec)\", which names no field"))
        }
        rest = rest.dropFirst()
        spec.append(letter)
        guard let field = SqueueField(rawValue: letter) else { return .failure(.unknownLetter(spec)) }
        guard digits.count <= 4, let width = Int(digits.isEmpty ? "0" : digits), width <= SqueueFormat.widestField else {
            return .failure(.problem("--format \(spec): a field is at most \(SqueueFormat.widestField) characters wide"))
        }
        return .success(.field(field, width: width, rightJustified: right))
    }
}
