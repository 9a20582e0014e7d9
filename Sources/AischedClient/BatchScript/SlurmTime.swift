/// A value of one option did not parse; `expected` says what a valid value looks like.
/// The option layer wraps it into a `BatchScriptError` that also names the option and the line.
struct InvalidValue: Error, Equatable {
    var expected: String
}

/// Slurm's `--time` syntax, so existing scripts keep their limits.
enum SlurmTime {
    static let expected = "expected minutes, MM:SS, HH:MM:SS or D-HH[:MM[:SS]]"

    /// Seconds for a Slurm time limit; 0 for `UNLIMITED`/`INFINITE`/`-1`, which aisched treats as
    /// "no explicit limit" (the server's default applies).
    ///
    /// Forms: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`. Like Slurm, fields are not range-checked
    /// (`90` and `0:90:00` are both 90 minutes), only required to be whole numbers.
    static func seconds(parsing text: String) throws(InvalidValue) -> UInt64 {
        switch text.lowercased() {
        case "unlimited", "infinite", "-1": return 0
        default: break
        }
        let parts: [UInt64]
        var days: UInt64 = 0
        if let dash = text.firstIndex(of: "-") {
            days = try number(text[..<dash])
            // After a day count, a lone number means hours, not minutes: `1-12` is a day and a half.
            let hms = try fields(text[text.index(after: dash)...], allowed: 1...3)
            parts = [hms[0], hms.count > 1 ? hms[1] : 0, hms.count > 2 ? hms[2] : 0]
        } else {
            let f = try fields(Substring(text), allowed: 1...3)
            switch f.count {
            case 1: parts = [0, f[0], 0]
            case 2: parts = [0, f[0], f[1]]
            default: parts = f
            }
        }
        // ((d·24 + h)·60 + m)·60 + s, checking every step because the fields are unbounded.
        var total = days
        for (value, unit) in zip(parts, [UInt64(24), 60, 60]) {
            total = try checked(total.multipliedReportingOverflow(by: unit))
            total = try checked(total.addingReportingOverflow(value))
        }
        return total
    }

    private static func fields(_ text: Substring, allowed: ClosedRange<Int>) throws(InvalidValue) -> [UInt64] {
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard allowed.contains(pieces.count) else { throw InvalidValue(expected: expected) }
        var result: [UInt64] = []
        for piece in pieces { result.append(try number(piece)) }
        return result
    }

    private static func number(_ text: Substring) throws(InvalidValue) -> UInt64 {
        guard OptionText.isDigits(text), let value = UInt64(text) else {
            throw InvalidValue(expected: expected)
        }
        return value
    }

    private static func checked(_ result: (partialValue: UInt64, overflow: Bool)) throws(InvalidValue) -> UInt64 {
        if result.overflow { throw InvalidValue(expected: "a time limit that fits in 64 bits of seconds") }
        return result.partialValue
    }
}
