/// Splits the option text of one directive line into words, the way a shell would split a command line,
/// so a directive reads exactly like the same flags typed after `aisubmit submit`.
///
/// Supported: blanks between words, `'…'` (literal), `"…"` (where `\` escapes only `"`, `\`, `$` and a backtick,
/// as in sh), `\x` outside quotes, and a `#` that starts a word ending the line as a comment.
/// Deliberately not supported: `$VAR` expansion, globbing, command substitution; sbatch does none of
/// these in directives either, so a script behaves the same under both.
enum DirectiveTokenizer {
    struct UnterminatedQuote: Error, Equatable {
        var quote: Character
    }

    static func split(_ text: Substring) throws(UnterminatedQuote) -> [String] {
        var words: [String] = []
        var current = ""
        // A word can be empty yet present (`''`), so track "inside a word" apart from `current.isEmpty`.
        var inWord = false
        var index = text.startIndex

        func next() -> Character? {
            guard index < text.endIndex else { return nil }
            defer { index = text.index(after: index) }
            return text[index]
        }

        while let char = next() {
            switch char {
            case " ", "\t":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "#" where !inWord:
                return words
            case "'":
                inWord = true
                var closed = false
                while let c = next() {
                    if c == "'" { closed = true; break }
                    current.append(c)
                }
                if !closed { throw UnterminatedQuote(quote: "'") }
            case "\"":
                inWord = true
                var closed = false
                while let c = next() {
                    if c == "\"" { closed = true; break }
                    if c == "\\", index < text.endIndex, "\"\\$`".contains(text[index]) {
                        current.append(next()!)
                    } else {
                        current.append(c)
                    }
                }
                if !closed { throw UnterminatedQuote(quote: "\"") }
            case "\\":
                inWord = true
                // A lone trailing backslash has nothing to escape; keeping it literal is least surprising.
                current.append(next() ?? "\\")
            default:
                inWord = true
                current.append(char)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
