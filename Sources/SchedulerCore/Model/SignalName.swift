/// The signals Slurm's options name (`--signal=USR1`, `SIGUSR1`, `usr1`, or a number), as Slurm reads them
/// (`sig_name2num` in `src/common/proc_args.c`): the same 18 names, in any case, with or without `SIG`.
///
/// The numbers are Linux's, which are the same on x86-64 and arm64 for these names; the core carries the table
/// because it reads no system header.
public enum SignalName {
    static let table: [(name: String, number: Int)] = [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ABRT", 6), ("KILL", 9), ("ALRM", 14), ("TERM", 15), ("CHLD", 17),
        ("USR1", 10), ("USR2", 12), ("PIPE", 13), ("URG", 23), ("CONT", 18), ("STOP", 19), ("TSTP", 20),
        ("TTIN", 21), ("TTOU", 22), ("XCPU", 24),
    ]

    /// SIGRTMAX on Linux: no signal has a higher number.
    public static let highest = 64

    /// The number of `text`: a name from the table or a number from 1 to `highest`; nil otherwise.
    public static func number(_ text: String) -> Int? {
        let word = text.trimmingSpaces
        if !word.isEmpty, word.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard word.count <= 3, let n = Int(word), (1...highest).contains(n) else { return nil }
            return n
        }
        var upper = word.uppercased()
        if upper.hasPrefix("SIG") { upper.removeFirst(3) }
        return table.first { $0.name == upper }?.number
    }

    /// `USR1` for 10; the number itself for a signal without a name in the table.
    public static func name(of number: Int) -> String {
        table.first { $0.number == number }?.name ?? String(number)
    }

    /// "HUP, INT, …": for messages that list what may be written.
    static var names: String { table.map(\.name).joined(separator: ", ") }
}
