import Testing
@testable import SchedulerCore

/// What users wrote is shown, never obeyed: every control character is printed as an escape.
@Suite struct PrintableTextTests {
    @Test(arguments: [
        ("plain name", "plain name"),
        ("ünïcødé ✓ 训练", "ünïcødé ✓ 训练"),
        ("a\nb", "a\\nb"),
        ("tab\there", "tab\\there"),
        ("cr\r", "cr\\r"),
        ("\u{1B}[2J\u{1B}[H", "\\e[2J\\e[H"),
        ("nul\0", "nul\\0"),
        ("bell\u{07}", "bell\\x07"),
        ("del\u{7F}", "del\\x7F"),
        ("csi\u{9B}31m", "csi\\u{9B}31m"),
        ("txt\u{202E}hs.exe", "txt\\u{202E}hs.exe"),
        ("iso\u{2066}x\u{2069}", "iso\\u{2066}x\\u{2069}"),
        ("back\\slash", "back\\slash"),
    ])
    func escapes(text: String, shown: String) {
        #expect(PrintableText.escaped(text) == shown)
        #expect(!PrintableText.escaped(text).unicodeScalars.contains(where: PrintableText.isControl))
    }

    @Test func quotingShortensLongValues() {
        let long = String(repeating: "x", count: 200) + "\n"
        #expect(PrintableText.quoted(long) == "\"" + String(repeating: "x", count: 80) + "…\"")
        #expect(PrintableText.quoted("a\u{1B}b") == "\"a\\eb\"")
    }
}
