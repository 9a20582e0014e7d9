import Testing
@testable import AischedClient

/// An in-memory file system for `ClientConfig.resolve`.
private struct Files {
    var contents: [String: String] = [:]
    var unreadable: Set<String> = []

    struct Denied: Error, CustomStringConvertible {
        var description: String { "permission denied" }
    }

    func read(_ path: String) throws -> String? {
        if unreadable.contains(path) { throw Denied() }
        return contents[path]
    }
}

private let home = ["HOME": "/home/alice"]
private let configPath = "/home/alice/.config/aisched/config"

private func resolve(_ flags: ConnectionFlags = ConnectionFlags(), env: [String: String] = home,
                     files: Files = Files()) throws(ConfigError) -> ClientConfig {
    try ClientConfig.resolve(flags: flags, environment: env, readFile: files.read)
}

private func configError(_ flags: ConnectionFlags = ConnectionFlags(), env: [String: String] = home,
                         files: Files = Files()) -> ConfigError? {
    do {
        _ = try resolve(flags, env: env, files: files)
        return nil
    } catch {
        return error
    }
}

@Suite("Client configuration")
struct ClientConfigTests {
    @Test(arguments: [
        ("sched.example.org:7100", "sched.example.org", 7100),
        ("sched.example.org", "sched.example.org", 7100),
        ("10.0.0.5:9000", "10.0.0.5", 9000),
        ("localhost:1", "localhost", 1),
        ("[::1]:7100", "::1", 7100),
        ("[::1]", "::1", 7100),
        ("[fe80::1%eth0]:7200", "fe80::1%eth0", 7200),
        ("::1", "::1", 7100),
        ("  host:65535 ", "host", 65535),
    ])
    func serverAddresses(text: String, host: String, port: Int) throws {
        let address = try ServerAddress(parsing: text)
        #expect(address == ServerAddress(host: host, port: port))
        #expect(try ServerAddress(parsing: address.description) == address)
    }

    @Test(arguments: [
        ("", "the host is empty"), (":7100", "the host is empty"), ("[]:7100", "the host is empty"),
        ("host:", #"port "" is not a number from 1 to 65535"#), ("host:0", #"port "0" is not a number from 1 to 65535"#),
        ("host:65536", #"port "65536" is not a number from 1 to 65535"#), ("host:http", #"port "http" is not a number from 1 to 65535"#),
        ("[::1", #"missing "]" after the IPv6 address"#), ("[::1]7100", #"expected ":PORT" after "]""#),
        ("http://host", #"it contains a blank or "/"; give no scheme or path"#),
        ("host name:1", #"it contains a blank or "/"; give no scheme or path"#),
    ])
    func badServerAddresses(text: String, why: String) {
        #expect(throws: ConfigError(.invalidServer,
                                    "\"\(text)\": \(why); expected HOST:PORT, [IPv6]:PORT, or HOST for port 7100")) {
            try ServerAddress(parsing: text)
        }
    }

    @Test func flagsBeatEnvironmentBeatConfigFile() throws {
        let files = Files(contents: [configPath: "server = file:1\ntoken = file-token\n"])
        let env = home.merging(["AISCHED_SERVER": "env:2", "AISCHED_TOKEN": "env-token"]) { $1 }

        let fromFlags = try resolve(ConnectionFlags(server: "flag:3", token: "flag-token"), env: env, files: files)
        #expect(fromFlags == ClientConfig(server: ServerAddress(host: "flag", port: 3), token: "flag-token",
                                          serverSource: .flag("--server"), tokenSource: .flag("--token")))

        let fromEnv = try resolve(env: env, files: files)
        #expect(fromEnv == ClientConfig(server: ServerAddress(host: "env", port: 2), token: "env-token",
                                        serverSource: .environment("AISCHED_SERVER"), tokenSource: .environment("AISCHED_TOKEN")))

        let fromFile = try resolve(files: files)
        #expect(fromFile == ClientConfig(server: ServerAddress(host: "file", port: 1), token: "file-token",
                                         serverSource: .configFile(path: "~/.config/aisched/config", line: 1),
                                         tokenSource: .configFile(path: "~/.config/aisched/config", line: 2)))
    }

    @Test func serverAndTokenResolveIndependently() throws {
        let files = Files(contents: [configPath: "server = file:1\n", "/run/tok": "secret\n"])
        let config = try resolve(ConnectionFlags(tokenFile: "/run/tok"), files: files)
        #expect(config.server == ServerAddress(host: "file", port: 1))
        #expect(config.token == "secret")
        #expect(config.tokenSource == .flag("--token-file"))
    }

    @Test func xdgConfigHomeWinsOverHome() throws {
        let env = home.merging(["XDG_CONFIG_HOME": "/xdg"]) { $1 }
        let files = Files(contents: ["/xdg/aisched/config": "server = xdg\ntoken = t\n", configPath: "server = home\n"])
        #expect(try resolve(env: env, files: files).server.host == "xdg")
        // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
        #expect(ClientConfig.configFilePath(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/h"]) == "/h/.config/aisched/config")
        #expect(ClientConfig.configFilePath(environment: [:]) == nil)
    }

    @Test func emptyEnvironmentVariablesCountAsUnset() throws {
        let env = home.merging(["AISCHED_SERVER": "", "AISCHED_TOKEN": "", "AISCHED_TOKEN_FILE": ""]) { $1 }
        let files = Files(contents: [configPath: "server = s\ntoken = t\n"])
        let config = try resolve(env: env, files: files)
        #expect(config.serverSource == .configFile(path: "~/.config/aisched/config", line: 1))
        #expect(config.token == "t")
    }

    @Test func tokenFilePaths() throws {
        let files = Files(contents: [
            configPath: "server = s\ntoken_file = token   # next to the config\n",
            "/home/alice/.config/aisched/token": "  from-relative \n",
            "/home/alice/tok": "from-home",
        ])
        #expect(try resolve(files: files).token == "from-relative")
        let env = home.merging(["AISCHED_TOKEN_FILE": "~/tok"]) { $1 }
        #expect(try resolve(env: env, files: files).token == "from-home")
    }

    @Test func configFileSyntax() throws {
        let text = """
            # aisched client config

               server   =   "sched:7100"   # quoted value, trailing comment
            token = abc#def
            """
        let config = try resolve(files: Files(contents: [configPath: text]))
        #expect(config.server == ServerAddress(host: "sched", port: 7100))
        #expect(config.token == "abc#def")
        #expect(config.serverSource == .configFile(path: "~/.config/aisched/config", line: 3))
    }

    @Test func configFileIsNotReadWhenFlagsSayEverything() throws {
        let files = Files(contents: [configPath: "garbage\n"], unreadable: [])
        #expect(try resolve(ConnectionFlags(server: "s", token: "t"), files: files).token == "t")
    }

    @Test(arguments: [
        ("sever = x\n", "~/.config/aisched/config line 1: unknown key \"sever\"; expected one of server, token, token_file, request_timeout, ca"),
        ("# c\nserver x\n", "~/.config/aisched/config line 2: expected `key = value`, e.g. `server = host:7100`, got \"server x\""),
        ("server =\n", "~/.config/aisched/config line 1: server has no value"),
        ("server = a\n\nserver = b\n", "~/.config/aisched/config line 3: server is already set on line 1; keep one of them"),
        ("server = a:x\n", "~/.config/aisched/config line 1 \"a:x\": port \"x\" is not a number from 1 to 65535; expected HOST:PORT, [IPv6]:PORT, or HOST for port 7100"),
    ])
    func configFileErrors(text: String, message: String) {
        #expect(configError(files: Files(contents: [configPath: text]))?.message == message)
    }

    @Test func errorKinds() {
        #expect(configError()?.kind == .noServer)
        #expect(configError()?.message
                == "no server given: pass --server, set AISCHED_SERVER, or add `server = host:port` to ~/.config/aisched/config")
        #expect(configError(ConnectionFlags(server: "s"))?.kind == .noToken)
        #expect(configError(ConnectionFlags(server: "s"))?.message == "no token given: pass --token or --token-file, "
                + "set AISCHED_TOKEN or AISCHED_TOKEN_FILE, or add `token = …` or `token_file = path` to "
                + "~/.config/aisched/config (an administrator issues tokens with `schedd token issue`)")
        #expect(configError(ConnectionFlags(server: "s"), env: ["XDG_CONFIG_HOME": "/etc/x"])?.message.hasSuffix(
            "to /etc/x/aisched/config (an administrator issues tokens with `schedd token issue`)") == true)
        #expect(configError(ConnectionFlags(server: "bad:port", token: "t"))?.message.hasPrefix(#"--server "bad:port": port"#) == true)
        #expect(configError(env: home.merging(["AISCHED_SERVER": "[x"]) { $1 })?.kind == .invalidServer)
    }

    @Test func tokenErrors() {
        let flags = ConnectionFlags(server: "s")
        var both = flags
        both.token = "t"
        both.tokenFile = "/f"
        #expect(configError(both)?.message == "both --token and --token-file are given; keep only one")
        #expect(configError(flags, env: home.merging(["AISCHED_TOKEN": "a", "AISCHED_TOKEN_FILE": "/f"]) { $1 })?.kind == .conflict)
        #expect(configError(flags, files: Files(contents: [configPath: "token = a\ntoken_file = /f\n"]))?.message
                == "both ~/.config/aisched/config line 1 and ~/.config/aisched/config line 2 are given; keep only one")
        #expect(configError(ConnectionFlags(server: "s", token: "  "))?.message == "--token is empty; give the token itself")
        #expect(configError(ConnectionFlags(server: "s", tokenFile: "/nope"))?.message
                == "token file /nope (from --token-file) does not exist")
        #expect(configError(ConnectionFlags(server: "s", tokenFile: "/empty"), files: Files(contents: ["/empty": "\n"]))?.message
                == "token file /empty (from --token-file) is empty")
        #expect(configError(ConnectionFlags(server: "s", tokenFile: "/locked"), files: Files(unreadable: ["/locked"]))?.message
                == "cannot read token file /locked (from --token-file): permission denied")
        #expect(configError(files: Files(unreadable: [configPath]))?.message
                == "cannot read config file /home/alice/.config/aisched/config: permission denied")
    }

    @Test func readsRealFiles() throws {
        #expect(try ClientConfig.readFileFromDisk("/nonexistent/aisched/config") == nil)
        #expect(try ClientConfig.readFileFromDisk(#filePath)?.contains("readsRealFiles") == true)
    }
}

@Suite("Client configuration, line endings")
struct ClientConfigLineEndingTests {
    @Test func configFileWithCRLFLineEndings() throws {
        let files = Files(contents: [configPath: "# c\r\nserver = s:1\r\ntoken = t\r\n"])
        let config = try resolve(files: files)
        #expect(config.server == ServerAddress(host: "s", port: 1))
        #expect(config.tokenSource == .configFile(path: "~/.config/aisched/config", line: 3))
    }
}

/// The CA that signed schedd's TLS certificate: flag over environment over config file; none means plaintext.
@Suite("Client configuration: the TLS CA file")
struct ClientConfigCATests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var flag: String?
        var env: String?
        var file: String?
        var expected: String?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "none: plaintext", expected: nil),
        Case(label: "the flag wins", flag: "/etc/a.pem", env: "/etc/b.pem", file: "/etc/c.pem", expected: "/etc/a.pem"),
        Case(label: "then the environment", env: "/etc/b.pem", file: "/etc/c.pem", expected: "/etc/b.pem"),
        Case(label: "then the file", file: "/etc/c.pem", expected: "/etc/c.pem"),
        Case(label: "a relative path in the file is beside it", file: "ca.pem", expected: "/home/alice/.config/aisched/ca.pem"),
        Case(label: "~ is the home directory", env: "~/ca.pem", expected: "/home/alice/ca.pem"),
        Case(label: "an empty variable is unset", env: "", file: "/etc/c.pem", expected: "/etc/c.pem"),
    ]

    @Test(arguments: cases)
    func caFileResolution(_ c: Case) throws {
        var env = home.merging(["AISCHED_SERVER": "sched:7100", "AISCHED_TOKEN": "t"]) { $1 }
        if let value = c.env { env["AISCHED_CA"] = value }
        var files = Files()
        if let value = c.file { files.contents[configPath] = "ca = \(value)\n" }
        let config = try resolve(ConnectionFlags(ca: c.flag), env: env, files: files)
        #expect(config.caFile == c.expected)
    }
}
