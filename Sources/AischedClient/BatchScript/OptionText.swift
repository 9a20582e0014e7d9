/// Small text helpers for the option and config parsers. Namespaced rather than extensions on
/// `Character`/`Substring`, so they cannot collide with helpers elsewhere in the module.
enum OptionText {
    /// `Character.isNumber` also accepts other scripts' digits and fractions, which `UInt64(_:)` rejects.
    static func isDigit(_ char: Character) -> Bool { ("0"..."9").contains(char) }

    static func isDigits(_ text: Substring) -> Bool { !text.isEmpty && text.allSatisfy(isDigit) }

    /// A non-negative count without sign or suffix; Slurm's own counts are plain decimals in practice.
    static func wholeNumber(_ text: Substring) -> UInt32? {
        isDigits(text) ? UInt32(text) : nil
    }

    /// Without leading and trailing spaces and tabs.
    static func trimmingBlanks(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }

    /// Without leading and trailing whitespace including newlines (token files usually end in one).
    static func trimmingWhitespace(_ text: String) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
