import Foundation

/// A plain HTTP/1.1 exchange on a socket (the tests depend on no HTTP client): one request, `Connection: close`,
/// the whole response parsed into status, headers (names lowercased; repeated ones joined by "\n") and body.
struct WebClient {
    let host: String
    let port: Int
    /// How long a response may take to start (and pause); the server closes the connection when it is done.
    var timeoutSeconds = 30

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String

        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body.utf8)) }
    }

    func request(_ path: String, method: String = "GET", headers: [String: String] = [:], body: String = "") throws -> Response {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        // Up to the response's Content-Length when it has one: chromedriver says `Connection: close` but keeps the
        // connection open.
        let bytes = try RawSocket.exchange(host: host, port: port, bytes: Array(text.utf8), timeoutSeconds: timeoutSeconds) {
            received in Self.expectedLength(of: received).map { received.count >= $0 } ?? false
        }
        let raw = String(decoding: bytes, as: UTF8.self)
        guard let split = raw.range(of: "\r\n\r\n") else { throw TestFailure("not an HTTP response: \(raw.prefix(200))") }
        let lines = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
            throw TestFailure("no status line: \(raw.prefix(200))")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { $0 + "\n" + value } ?? value
        }
        return Response(status: status, headers: fields, body: String(raw[split.upperBound...]))
    }

    /// Headers plus `Content-Length`, once the headers are in; nil before, or without the header.
    private static func expectedLength(of bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4,
              let end = (0...(bytes.count - 4)).first(where: {
                  bytes[$0] == 13 && bytes[$0 + 1] == 10 && bytes[$0 + 2] == 13 && bytes[$0 + 3] == 10
              }) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        guard let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return nil }
        return end + 4 + length
    }

    /// `http.addr` (or another address file) of a schedd in `stateDir`, once it is written.
    static func address(stateDir: String, file: String = "http.addr") throws -> WebClient {
        let path = stateDir + "/" + file
        for _ in 0..<100 {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n"),
               let colon = text.lastIndex(of: ":"),
               let port = Int(text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)) {
                return WebClient(host: String(text[..<colon]), port: port)
            }
            usleep(100_000)
        }
        throw TestFailure("schedd wrote no \(path)")
    }
}
