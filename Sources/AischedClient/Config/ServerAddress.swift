/// Where the scheduler listens: `HOST:PORT`, `[IPv6]:PORT`, or a bare host meaning port 7100.
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    public static let defaultPort = 7100

    /// A hostname, IPv4 address or IPv6 address (without brackets).
    public var host: String
    public var port: Int

    public init(host: String, port: Int = ServerAddress.defaultPort) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`, `host`, `[::1]:7100`, `[::1]`, or a bare IPv6 address such as `::1`
    /// (more than one colon cannot be host:port, so it is all host). Surrounding blanks are ignored.
    public init(parsing text: String) throws(ConfigError) {
        let text = OptionText.trimmingBlanks(Substring(text))
        func invalid(_ why: String) -> ConfigError {
            ConfigError(.invalidServer, "\"\(text)\": \(why); expected HOST:PORT, [IPv6]:PORT, or HOST for port \(Self.defaultPort)")
        }
        // Checked on the whole text first: "http://host" would otherwise read as host "http", port "//host".
        guard !text.contains(where: { $0 == " " || $0 == "\t" || $0 == "/" }) else {
            throw invalid("it contains a blank or \"/\"; give no scheme or path")
        }
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw invalid("missing \"]\" after the IPv6 address") }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw invalid("expected \":PORT\" after \"]\"") }
                portText = rest.dropFirst()
            }
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = Substring(text)
        }
        guard !host.isEmpty else { throw invalid("the host is empty") }
        var port = Self.defaultPort
        if let portText {
            guard OptionText.isDigits(portText), let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("port \"\(portText)\" is not a number from 1 to 65535")
            }
            port = value
        }
        self.init(host: String(host), port: port)
    }

    /// The form `init(parsing:)` reads back: IPv6 addresses in brackets.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
