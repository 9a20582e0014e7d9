/// Thousands grouped with commas ("1,620"), without Foundation (whose grouping follows the locale): the one rule
/// for every count aisched prints to people, from the simulator's tables to `aisubmit show`.
public enum DigitGrouping {
    public static func grouped(_ value: Int) -> String { grouped(String(value)) }

    /// `text`, an integer's digits after an optional "-", with a comma before every group of three from the right.
    public static func grouped(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let digits = Array(negative ? text.dropFirst() : Substring(text))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (negative ? "-" : "") + out
    }
}
