/// Text from users (job names, comments, paths, reasons) made safe to print on someone else's terminal.
///
/// A job name holding `ESC [ 2 J` would clear an admin's screen in `aisubmit queue --all-users`, and a newline
/// would forge a line of the listing. Everything printed for people goes through `escaped`; JSON output needs
/// nothing (JSON escapes control characters itself). The core quotes users' values with it in its refusals too.
public enum PrintableText {
    /// Whether the character would act on a terminal instead of being shown: C0 controls (tab and newline
    /// included), DEL, C1 controls (U+0080–U+009F, 8-bit CSI among them), and the bidirectional overrides and
    /// isolates that make a line read differently from what it holds (U+202A–U+202E, U+2066–U+2069).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// `text` with every control character written as an escape: `\n`, `\t`, `\r`, `\e` (ESC), `\0`, else
    /// `\x1B`-style for C0 and DEL and `\u{9B}`-style above. Text without any is returned unchanged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x0D: out += "\\r"
            case 0x1B: out += "\\e"
            case 0x00: out += "\\0"
            case 0x01...0x7F: out += "\\x" + hex(scalar.value, digits: 2)
            default: out += "\\u{" + hex(scalar.value, digits: 2) + "}"
            }
        }
        return out
    }

    /// `"text"`, escaped, shortened to its first `limit` characters (a refusal quoting a 128 KiB name would be
    /// unreadable).
    public static func quoted(_ text: String, limit: Int = 80) -> String {
        let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return "\"" + escaped(shown) + "\""
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
