/// Why the client could not work out where the server is or which token to present.
/// `description` says what is wrong and how to fix it; `aisubmit` prints it as is.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No `--server`, `AISCHED_SERVER` or `server =` anywhere.
        case noServer
        /// No token or token file anywhere.
        case noToken
        /// A server address that is not `HOST[:PORT]`.
        case invalidServer
        /// The config file has a line that is not `key = value` with a known key.
        case configFile
        /// A token file that is missing, unreadable or empty, or an empty token.
        case token
        /// A token and a token file at the same level: which one was meant is unclear.
        case conflict
        /// A request timeout that is not a number of seconds.
        case requestTimeout
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Where a configuration value came from, for messages and `aisubmit --verbose`-style reporting.
public enum ConfigSource: Sendable, Hashable, CustomStringConvertible {
    /// A command-line flag such as `--server`.
    case flag(String)
    /// An environment variable such as `AISCHED_SERVER`.
    case environment(String)
    /// A line of the config file (path as shown to the user, `~` for the home directory).
    case configFile(path: String, line: Int)

    public var description: String {
        switch self {
        case .flag(let name): name
        case .environment(let name): name
        case .configFile(let path, let line): "\(path) line \(line)"
        }
    }
}
