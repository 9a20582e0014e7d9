import Foundation

/// Debian's chromium, headless, driven through its WebDriver (`chromedriver`, W3C WebDriver over HTTP+JSON): what a
/// researcher's browser does with the dashboard, without a test framework in the dependencies.
final class WebDriver {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: chromium) && FileManager.default.isExecutableFile(atPath: chromedriver)
    }
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    private let process: Process
    private let client: WebClient
    private var session = ""

    /// Starts chromedriver on a free port and a headless chromium session of `width`×`height`.
    init(width: Int = 1280, height: Int = 900, log: String) throws {
        let port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromedriver)
        process.arguments = ["--port=\(port)", "--log-path=\(log)"]
        // Not the test runner's pipes: a driver (or its browser) outliving the test would keep them open.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        client = WebClient(host: "127.0.0.1", port: port, timeoutSeconds: 60)
        for _ in 0..<100 where (try? client.request("/status").status) != 200 { usleep(100_000) }
        // --no-sandbox: the tests may run as root, where chromium's sandbox refuses to start.
        let args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=\(width),\(height)", "--user-data-dir=\(NSTemporaryDirectory())aisched-chromium-\(port)"]
        let started = try command("POST", "/session", [
            "capabilities": ["alwaysMatch": ["browserName": "chrome",
                                             "goog:chromeOptions": ["binary": Self.chromium, "args": args]]],
        ])
        guard let id = (started as? [String: Any])?["sessionId"] as? String else {
            throw TestFailure("chromium did not start: \(started ?? "nil")")
        }
        session = id
    }

    deinit { quit() }

    func quit() {
        if !session.isEmpty { _ = try? command("DELETE", "/session/\(session)") }
        session = ""
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL) // chromedriver does not always heed SIGTERM
            process.waitUntilExit()
        }
    }

    func go(_ url: String) throws { _ = try command("POST", "/session/\(session)/url", ["url": url]) }

    var url: String { get throws { try command("GET", "/session/\(session)/url") as? String ?? "" } }

    func element(_ css: String) throws -> String {
        let found = try command("POST", "/session/\(session)/element", ["using": "css selector", "value": css])
        guard let id = (found as? [String: Any])?[Self.elementKey] as? String else { throw TestFailure("no element \(css)") }
        return id
    }

    func type(_ text: String, into css: String) throws {
        _ = try command("POST", "/session/\(session)/element/\(try element(css))/value", ["text": text])
    }

    func click(_ css: String) throws {
        _ = try command("POST", "/session/\(session)/element/\(try element(css))/click", [String: Any]())
    }

    /// Runs `script` in the page and returns its value.
    func run(_ script: String) throws -> Any? {
        try command("POST", "/session/\(session)/execute/sync", ["script": script, "args": [Any]()])
    }

    func text(_ css: String) throws -> String {
        try run("const e = document.querySelector(\(Self.quoted(css))); return e ? e.textContent : null") as? String ?? ""
    }

    /// A PNG of the viewport, written to `path`.
    func screenshot(to path: String) throws {
        guard let base64 = try command("GET", "/session/\(session)/screenshot") as? String,
              let png = Data(base64Encoded: base64) else { throw TestFailure("no screenshot") }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try png.write(to: URL(fileURLWithPath: path))
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any? {
        let text = try body.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) } ?? ""
        let response = try client.request(path, method: method, headers: body == nil ? [:] : ["Content-Type": "application/json"],
                                          body: text)
        let value = (try? response.json() as? [String: Any])?["value"]
        guard response.status == 200 else { throw TestFailure("WebDriver \(method) \(path): \(response.status) \(response.body.prefix(300))") }
        return value is NSNull ? nil : value
    }

    private static func quoted(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
