import Foundation

/// The connection flags a command line may give; nil means "not given".
public struct ConnectionFlags: Sendable, Equatable {
    /// `--server HOST:PORT`
    public var server: String?
    /// `--token TOKEN`
    public var token: String?
    /// `--token-file PATH`
    public var tokenFile: String?
    /// `--request-timeout SECONDS`
    public var requestTimeout: String?
    /// `--ca PATH`: the CA that signed schedd's TLS certificate.
    public var ca: String?

    public init(server: String? = nil, token: String? = nil, tokenFile: String? = nil, requestTimeout: String? = nil,
                ca: String? = nil) {
        self.server = server
        self.token = token
        self.tokenFile = tokenFile
        self.requestTimeout = requestTimeout
        self.ca = ca
    }
}

/// Where the server is and which token to present, resolved from flags, environment and config file.
///
/// Each of server and token is taken from the first level that gives it, so a config file can hold the
/// server while `AISCHED_TOKEN` supplies the token:
/// 1. flags: `--server`, `--token`, `--token-file`, `--ca`
/// 2. environment: `AISCHED_SERVER`, `AISCHED_TOKEN`, `AISCHED_TOKEN_FILE`, `AISCHED_CA` (empty counts as unset)
/// 3. `$XDG_CONFIG_HOME/aisched/config`, else `~/.config/aisched/config`: `server`, `token`, `token_file`, `ca`
///
/// A CA file means schedd serves TLS: the connection is encrypted and schedd's certificate verified against it.
///
/// The request timeout (`RequestTimeout`) likewise: `--request-timeout`, `AISCHED_REQUEST_TIMEOUT`,
/// `request_timeout`, else 30 s.
public struct ClientConfig: Sendable, Equatable {
    public var server: ServerAddress
    public var token: String
    public var serverSource: ConfigSource
    public var tokenSource: ConfigSource
    /// Seconds to wait for each answer; 0 = no limit.
    public var requestTimeoutSeconds: Double
    /// The CA that signed schedd's TLS certificate; nil: plaintext.
    public var caFile: String?

    public init(server: ServerAddress, token: String, serverSource: ConfigSource, tokenSource: ConfigSource,
                requestTimeoutSeconds: Double = RequestTimeout.defaultSeconds, caFile: String? = nil) {
        self.server = server
        self.token = token
        self.serverSource = serverSource
        self.tokenSource = tokenSource
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.caFile = caFile
    }

    /// Resolves the configuration without touching the process: the environment is a parameter and files
    /// are read through `readFile`, which returns nil when a file does not exist and throws for other
    /// failures. The config file is read only when flags and environment leave something unset, so a
    /// broken file never blocks a fully explicit command line.
    public static func resolve(flags: ConnectionFlags = ConnectionFlags(), environment: [String: String],
                               readFile: (String) throws -> String?) throws(ConfigError) -> ClientConfig {
        let env = environment.filter { !$0.value.isEmpty }
        let configPath = configFilePath(environment: env)
        var loadedFile: ConfigFile??
        func configFile() throws(ConfigError) -> ConfigFile? {
            if let loadedFile { return loadedFile }
            var file: ConfigFile?
            if let configPath, let text = try read(configPath, readFile, what: "config file", source: nil) {
                file = try ConfigFile(parsing: text, displayPath: displayPath(configPath, env))
            }
            loadedFile = .some(file)
            return file
        }
        let shownConfigPath = configPath.map { displayPath($0, env) } ?? "~/.config/aisched/config"

        let server: ServerAddress
        let serverSource: ConfigSource
        if let value = flags.server {
            (server, serverSource) = (try address(value, from: .flag("--server")), .flag("--server"))
        } else if let value = env["AISCHED_SERVER"] {
            (server, serverSource) = (try address(value, from: .environment("AISCHED_SERVER")), .environment("AISCHED_SERVER"))
        } else if let file = try configFile(), let entry = file.server {
            let source = ConfigSource.configFile(path: file.displayPath, line: entry.line)
            (server, serverSource) = (try address(entry.value, from: source), source)
        } else {
            throw ConfigError(.noServer, "no server given: pass --server, set AISCHED_SERVER, or add "
                              + "`server = host:port` to \(shownConfigPath)")
        }

        // The CA is optional (none: plaintext), so the file is read for it, but a file that cannot be read blocks only
        // what needs it: the server or the token (below). A TLS schedd refuses a plaintext client with a clear error.
        var caFile: String?
        if let value = flags.ca {
            caFile = expandingPath(value, home: env["HOME"], relativeTo: nil)
        } else if let value = env["AISCHED_CA"] {
            caFile = expandingPath(value, home: env["HOME"], relativeTo: nil)
        } else if let file = try? configFile(), let entry = file.ca, let configPath {
            caFile = expandingPath(entry.value, home: env["HOME"], relativeTo: directory(of: configPath))
        }

        // A token and a token file at the same level are rejected rather than ranked: either could be stale.
        func token(_ inline: String?, _ file: String?, _ inlineSource: ConfigSource, _ fileSource: ConfigSource,
                   relativeTo base: String?) throws(ConfigError) -> ClientConfig? {
            switch (inline, file) {
            case (nil, nil):
                return nil
            case (let inline?, nil):
                let token = OptionText.trimmingWhitespace(inline)
                guard !token.isEmpty else { throw ConfigError(.token, "\(inlineSource) is empty; give the token itself") }
                return ClientConfig(server: server, token: token, serverSource: serverSource, tokenSource: inlineSource,
                                    caFile: caFile)
            case (nil, let path?):
                let path = expandingPath(path, home: env["HOME"], relativeTo: base)
                let token = try tokenFromFile(path, readFile, source: fileSource)
                return ClientConfig(server: server, token: token, serverSource: serverSource, tokenSource: fileSource,
                                    caFile: caFile)
            case (_?, _?):
                throw ConfigError(.conflict, "both \(inlineSource) and \(fileSource) are given; keep only one")
            }
        }
        func withTimeout(_ config: ClientConfig) throws(ConfigError) -> ClientConfig {
            var config = config
            var text: String?
            var source: ConfigSource?
            if let value = flags.requestTimeout {
                (text, source) = (value, .flag("--request-timeout"))
            } else if let value = env["AISCHED_REQUEST_TIMEOUT"] {
                (text, source) = (value, .environment("AISCHED_REQUEST_TIMEOUT"))
            } else if let file = try? configFile(), let entry = file.requestTimeout {
                // `try?`: a file that server and token did not need must not break an explicit command line.
                (text, source) = (entry.value, .configFile(path: file.displayPath, line: entry.line))
            }
            if let text, let source {
                guard let seconds = RequestTimeout.seconds(parsing: text) else {
                    throw ConfigError(.requestTimeout, "\(source) is \"\(text)\", not a number of seconds; give e.g. 60, or 0 for no limit")
                }
                config.requestTimeoutSeconds = seconds
            }
            return config
        }
        if let config = try token(flags.token, flags.tokenFile, .flag("--token"), .flag("--token-file"), relativeTo: nil) {
            return try withTimeout(config)
        }
        if let config = try token(env["AISCHED_TOKEN"], env["AISCHED_TOKEN_FILE"], .environment("AISCHED_TOKEN"),
                                  .environment("AISCHED_TOKEN_FILE"), relativeTo: nil) {
            return try withTimeout(config)
        }
        if let file = try configFile(), let configPath,
           let config = try token(file.token?.value, file.tokenFile?.value,
                                  .configFile(path: file.displayPath, line: file.token?.line ?? 0),
                                  .configFile(path: file.displayPath, line: file.tokenFile?.line ?? 0),
                                  relativeTo: directory(of: configPath)) {
            return try withTimeout(config)
        }
        throw ConfigError(.noToken, "no token given: pass --token or --token-file, set AISCHED_TOKEN or AISCHED_TOKEN_FILE, "
                          + "or add `token = …` or `token_file = path` to \(shownConfigPath) "
                          + "(an administrator issues tokens with `schedd token issue`)")
    }

    /// `resolve` with the real environment and file system.
    public static func resolveFromProcess(flags: ConnectionFlags = ConnectionFlags()) throws(ConfigError) -> ClientConfig {
        try resolve(flags: flags, environment: ProcessInfo.processInfo.environment, readFile: readFileFromDisk)
    }

    /// Reads a UTF-8 file; nil when it does not exist.
    public static func readFileFromDisk(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// `$XDG_CONFIG_HOME/aisched/config` when that is an absolute path (the XDG spec says to ignore relative
    /// ones), else `$HOME/.config/aisched/config`; nil when neither variable helps.
    public static func configFilePath(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return join(xdg, "aisched/config") }
        if let home = environment["HOME"], !home.isEmpty { return join(home, ".config/aisched/config") }
        return nil
    }

    // MARK: - Helpers

    private static func address(_ text: String, from source: ConfigSource) throws(ConfigError) -> ServerAddress {
        do {
            return try ServerAddress(parsing: text)
        } catch {
            throw ConfigError(.invalidServer, "\(source) \(error.message)")
        }
    }

    private static func tokenFromFile(_ path: String, _ readFile: (String) throws -> String?,
                                      source: ConfigSource) throws(ConfigError) -> String {
        guard let text = try read(path, readFile, what: "token file", source: source) else {
            throw ConfigError(.token, "token file \(path) (from \(source)) does not exist")
        }
        let token = OptionText.trimmingWhitespace(text)
        guard !token.isEmpty else { throw ConfigError(.token, "token file \(path) (from \(source)) is empty") }
        return token
    }

    private static func read(_ path: String, _ readFile: (String) throws -> String?, what: String,
                             source: ConfigSource?) throws(ConfigError) -> String? {
        do {
            return try readFile(path)
        } catch {
            let from = source.map { " (from \($0))" } ?? ""
            throw ConfigError(what == "config file" ? .configFile : .token, "cannot read \(what) \(path)\(from): \(error)")
        }
    }

    /// `~/x` → `$HOME/x`; a relative path → under `base` (the config file's directory) when given.
    private static func expandingPath(_ path: String, home: String?, relativeTo base: String?) -> String {
        if path == "~" || path.hasPrefix("~/"), let home { return join(home, String(path.dropFirst(2))) }
        if !path.hasPrefix("/"), let base { return join(base, path) }
        return path
    }

    private static func displayPath(_ path: String, _ env: [String: String]) -> String {
        guard let home = env["HOME"], !home.isEmpty, home != "/", path.hasPrefix(home + "/") else { return path }
        return "~" + path.dropFirst(home.count)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func join(_ base: String, _ rest: String) -> String {
        if rest.isEmpty { return base }
        return base.hasSuffix("/") ? base + rest : base + "/" + rest
    }
}
