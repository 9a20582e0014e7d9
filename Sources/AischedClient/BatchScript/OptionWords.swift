/// getopt_long-style reading of words into (option, value) pairs, shared by directive lines and the
/// `aisubmit submit` command line so `-t 60`, `-t60`, `--time 60` and `--time=60` mean the same in both.
enum OptionWords {
    /// Why scanning stopped.
    enum Stop: Equatable {
        case end
        /// `words[index]` is the first word that is not an option.
        case positional(Int)
        /// `--` was at `index - 1`; everything from `index` on is positional.
        case afterDoubleDash(Int)
    }

    /// Reads options from the start of `words`, calling `handle(name, value)` for each.
    ///
    /// `arity` answers for every name the caller accepts; others are unknown-option errors. As in getopt, a
    /// required value may be the next word, and an optional one only attaches (`--opt=v`, `-Xv`). Unlike getopt,
    /// a next word that is itself a known `--option` is not taken as a value: `--output --error=x` is far more
    /// likely a forgotten value than an output file named `--error=x`.
    static func scan(_ words: [String], source: OptionSource,
                     arity: (String) -> SubmitOptionSpec.Arity?,
                     handle: (String, String?) throws(BatchScriptError) -> Void) throws(BatchScriptError) -> Stop {
        var index = 0
        var pendingShortFlags: Substring?

        func takeNextValue(for name: String) throws(BatchScriptError) -> String {
            let next = index + 1
            if next < words.count, !looksLikeKnownLongOption(words[next], arity: arity) {
                index = next
                return words[next]
            }
            let spec = SubmitOptionTable.lookup(name)
            let example = spec.map { ", e.g. \($0.example)" } ?? ""
            throw BatchScriptError(.missingValue, source: source, message: "\(name) needs a value\(example)")
        }

        while index < words.count {
            let word = pendingShortFlags.map { "-" + $0 } ?? words[index]
            pendingShortFlags = nil
            if word == "--" { return .afterDoubleDash(index + 1) }
            if word.hasPrefix("--") {
                let (name, attached) = splitLong(word)
                guard let kind = arity(name) else { throw SubmitOptionTable.unknownOption(name, source: source) }
                switch kind {
                case .required: try handle(name, attached != nil ? attached : try takeNextValue(for: name))
                case .flag, .optional: try handle(name, attached)
                }
            } else if word.hasPrefix("-"), word.count > 1 {
                let body = word.dropFirst()
                let name = "-" + String(body.first!)
                let rest = body.dropFirst()
                guard let kind = arity(name) else { throw SubmitOptionTable.unknownOption(name, source: source) }
                switch kind {
                case .required: try handle(name, rest.isEmpty ? try takeNextValue(for: name) : String(rest))
                case .optional: try handle(name, rest.isEmpty ? nil : String(rest))
                case .flag:
                    try handle(name, nil)
                    // Bundled short flags (`-Hv`): read the rest as the next word, without advancing.
                    if !rest.isEmpty { pendingShortFlags = rest; continue }
                }
            } else {
                return .positional(index)
            }
            index += 1
        }
        return .end
    }

    private static func splitLong(_ word: String) -> (name: String, value: String?) {
        guard let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    private static func looksLikeKnownLongOption(_ word: String, arity: (String) -> SubmitOptionSpec.Arity?) -> Bool {
        word.hasPrefix("--") && word.count > 2 && arity(splitLong(word).name) != nil
    }
}
