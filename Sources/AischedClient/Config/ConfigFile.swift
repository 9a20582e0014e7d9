/// The client config file (`$XDG_CONFIG_HOME/aisched/config` or `~/.config/aisched/config`):
///
/// ```
/// # comments and blank lines are fine
/// server = sched.example.org:7100
/// token_file = ~/.config/aisched/token    # relative paths are relative to this file's directory
/// request_timeout = 60                     # seconds to wait for each answer; 0 = no limit
/// ca = /etc/aisched/ca.pem                  # when schedd serves TLS: the CA that signed its certificate
/// ```
struct ConfigFile: Equatable {
    struct Entry: Equatable {
        var value: String
        var line: Int
    }

    static let keys = ["server", "token", "token_file", "request_timeout", "ca"]

    /// As shown in messages (`~/.config/aisched/config`).
    var displayPath: String
    var server: Entry?
    var token: Entry?
    var tokenFile: Entry?
    var requestTimeout: Entry?
    var ca: Entry?

    /// Unknown keys and malformed lines are errors rather than being skipped, since a misspelt `sever`
    /// would otherwise surface later as the much vaguer "no server given".
    init(parsing text: String, displayPath: String) throws(ConfigError) {
        self.displayPath = displayPath
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let number = offset + 1
            let line = OptionText.trimmingBlanks(Self.strippingComment(rawLine))
            if line.isEmpty { continue }
            func fail(_ message: String) -> ConfigError {
                ConfigError(.configFile, "\(displayPath) line \(number): \(message)")
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw fail("expected `key = value`, e.g. `server = host:7100`, got \"\(line)\"")
            }
            let key = OptionText.trimmingBlanks(Substring(line[..<equals]))
            let value = Self.unquoted(OptionText.trimmingBlanks(line[line.index(after: equals)...]))
            guard value.isEmpty == false else { throw fail("\(key) has no value") }
            let entry = Entry(value: value, line: number)
            let slot: WritableKeyPath<ConfigFile, Entry?>
            switch key {
            case "server": slot = \.server
            case "token": slot = \.token
            case "token_file": slot = \.tokenFile
            case "request_timeout": slot = \.requestTimeout
            case "ca": slot = \.ca
            default:
                throw fail("unknown key \"\(key)\"; expected one of \(Self.keys.joined(separator: ", "))")
            }
            if let earlier = self[keyPath: slot] {
                throw fail("\(key) is already set on line \(earlier.line); keep one of them")
            }
            self[keyPath: slot] = entry
        }
    }

    /// A `#` starts a comment at the beginning of a line or after a blank, so `#` inside a value survives.
    private static func strippingComment(_ line: Substring) -> Substring {
        var previous: Character = " "
        for index in line.indices {
            if line[index] == "#", previous == " " || previous == "\t" { return line[..<index] }
            previous = line[index]
        }
        return line
    }

    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }
}
