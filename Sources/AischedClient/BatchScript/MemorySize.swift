/// How much memory a job asked for, in the unit it was asked in; it becomes MB per node only once the
/// GPU and CPU counts are known, because `--mem-per-gpu`/`--mem-per-cpu` may come before them or from a
/// different precedence level.
public enum MemoryRequest: Sendable, Hashable {
    /// `--mem`
    case perNode(megabytes: UInt64)
    /// `--mem-per-gpu`
    case perGPU(megabytes: UInt64)
    /// `--mem-per-cpu`
    case perCPU(megabytes: UInt64)
}

/// Slurm's memory size syntax: a whole number with an optional K, M, G or T suffix (binary, MB by default), in
/// either case and optionally followed by B (`64G`, `64GB`, `48Gb`), as sbatch accepts.
enum MemorySize {
    static let expected = "expected a whole number of megabytes, or a size with unit K, M, G or T (e.g. 64G or 64GB)"

    /// Megabytes for a Slurm size. Kilobytes round up, so a request is never silently shrunk to 0.
    static func megabytes(parsing text: String) throws(InvalidValue) -> UInt64 {
        var digits = Substring(text)
        if let last = digits.last, last == "B" || last == "b", let unit = digits.dropLast().last, "KkMmGgTt".contains(unit) {
            digits = digits.dropLast()
        }
        var multiplier: UInt64 = 1
        var kilobytes = false
        if let last = digits.last, !OptionText.isDigit(last) {
            switch last {
            case "K", "k": kilobytes = true
            case "M", "m": multiplier = 1
            case "G", "g": multiplier = 1024
            case "T", "t": multiplier = 1024 * 1024
            default: throw InvalidValue(expected: expected)
            }
            digits = digits.dropLast()
        }
        guard OptionText.isDigits(digits), let value = UInt64(digits) else {
            throw InvalidValue(expected: expected)
        }
        if kilobytes { return value / 1024 + (value % 1024 == 0 ? 0 : 1) }
        let (mb, overflow) = value.multipliedReportingOverflow(by: multiplier)
        if overflow { throw InvalidValue(expected: "a size below 16 EB") }
        return mb
    }
}
