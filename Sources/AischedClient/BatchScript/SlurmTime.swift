/// A value of one option did not parse; `expected` says what a valid value looks like.
/// The option layer wraps it into a `BatchScriptError` that also names the option and the line.
struct InvalidValue: Error, Equatable {
    var expected: String
}

/// Slurm's `--time` syntax, so existing scripts keep their limits, and nothing Slurm would read differently.
enum SlurmTime {
    static let expected = "expected minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (after the first field, "
        + "hours 0-23, minutes and seconds 0-59), or UNLIMITED for no limit"

    /// Seconds for a Slurm time limit; 0 for `UNLIMITED`, `INFINITE` and a zero limit, which Slurm reads as "no
    /// limit at all" (the server refuses it where a partition or the QoS has a maximum).
    ///
    /// Forms: `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`. The first field may be as large as it likes (`90`,
    /// `48:00:00`); the fields after it are clock fields and must be in range, so `1-25:61:61` is a mistake
    /// rather than 2 days, 2 hours, 2 minutes and 1 second. Slurm's `-1` (no limit) is refused: a negative limit
    /// reads as a typo, and `UNLIMITED` says it plainly.
    static func seconds(parsing text: String) throws(InvalidValue) -> UInt64 {
        switch text.lowercased() {
        case "unlimited", "infinite": return 0
        default: break
        }
        if text.hasPrefix("-") {
            throw InvalidValue(expected: "a time limit cannot be negative (write UNLIMITED to ask for no limit); " + expected)
        }
        var days: UInt64 = 0
        let clock: [UInt64]
        if let dash = text.firstIndex(of: "-") {
            days = try number(text[..<dash])
            // After a day count, a lone number means hours, not minutes: `1-12` is a day and a half.
            let hms = try fields(text[text.index(after: dash)...], allowed: 1...3)
            clock = [hms[0], hms.count > 1 ? hms[1] : 0, hms.count > 2 ? hms[2] : 0]
            try inRange(clock[0], 23, "hours after a day count")
            try inRange(clock[1], 59, "minutes")
            try inRange(clock[2], 59, "seconds")
        } else {
            let f = try fields(Substring(text), allowed: 1...3)
            switch f.count {
            case 1: clock = [0, f[0], 0]
            case 2:
                clock = [0, f[0], f[1]]
                try inRange(f[1], 59, "seconds")
            default:
                clock = f
                try inRange(f[1], 59, "minutes")
                try inRange(f[2], 59, "seconds")
            }
        }
        // ((d·24 + h)·60 + m)·60 + s, checking every step because the first field is unbounded.
        var total = days
        for (value, unit) in zip(clock, [UInt64(24), 60, 60]) {
            total = try checked(total.multipliedReportingOverflow(by: unit))
            total = try checked(total.addingReportingOverflow(value))
        }
        return total
    }

    private static func inRange(_ value: UInt64, _ highest: UInt64, _ what: String) throws(InvalidValue) {
        if value > highest { throw InvalidValue(expected: "\(what) go from 0 to \(highest), not \(value); " + expected) }
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
