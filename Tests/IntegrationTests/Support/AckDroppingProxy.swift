import Foundation
import Glibc

/// A TCP relay between clients and schedd that loses one answer: on the first connection, when schedd's reply of
/// the given frame kind comes back, the relay swallows it and closes both sides, as a network failing right after
/// schedd committed a submission would. Later connections are relayed faithfully.
///
/// Frames are read only on the way back (20-byte header: magic, version, kind at bytes 6-7, request id, payload
/// length at bytes 16-19), so nothing the client sends is changed.
final class AckDroppingProxy: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let upstreamPort: Int
    private let dropKind: UInt16
    private let lock = NSLock()
    private var connections = 0
    private var dropped = 0
    private var sockets: [Int32] = []

    /// How many answers were swallowed so far.
    var droppedCount: Int { lock.lock(); defer { lock.unlock() }; return dropped }

    init(upstreamPort: Int, dropKind: UInt16) throws {
        self.upstreamPort = upstreamPort
        self.dropKind = dropKind
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw TestFailure("the proxy cannot listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    func stop() {
        lock.lock()
        let open = sockets
        sockets = []
        lock.unlock()
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
        usleep(50_000) // let the pumps see the shutdown before their descriptors go
        for fd in open { close(fd) }
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            guard let server = try? RawSocket.open(host: "127.0.0.1", port: upstreamPort) else {
                shutdown(client, Int32(SHUT_RDWR))
                close(client)
                continue
            }
            lock.lock()
            connections += 1
            let lossy = connections == 1
            sockets += [client, server]
            lock.unlock()
            Thread.detachNewThread { [self] in pump(from: client, to: server) }
            Thread.detachNewThread { [self] in answers(from: server, to: client, lossy: lossy) }
        }
    }

    /// Client to schedd: bytes as they come.
    private func pump(from source: Int32, to sink: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = recv(source, &buffer, buffer.count, 0)
            guard n > 0, writeAll(sink, buffer[0..<n]) else { break }
        }
        shutdown(sink, Int32(SHUT_WR))
    }

    /// Schedd to client, frame by frame; on a lossy connection the first frame of `dropKind` is never delivered.
    private func answers(from source: Int32, to sink: Int32, lossy: Bool) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = recv(source, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            pending += buffer[0..<n]
            while pending.count >= 20 {
                let length = Int(pending[16]) << 24 | Int(pending[17]) << 16 | Int(pending[18]) << 8 | Int(pending[19])
                guard pending.count >= 20 + length else { break }
                let kind = UInt16(pending[6]) << 8 | UInt16(pending[7])
                let frame = Array(pending[0..<(20 + length)])
                pending.removeFirst(20 + length)
                if lossy, kind == dropKind {
                    lock.lock()
                    dropped += 1
                    lock.unlock()
                    // Shut down, not closed: the other pump still holds these descriptors (`stop` closes them).
                    shutdown(source, Int32(SHUT_RDWR))
                    shutdown(sink, Int32(SHUT_RDWR))
                    return
                }
                guard writeAll(sink, frame[...]) else { return }
            }
        }
        shutdown(sink, Int32(SHUT_RDWR))
    }

    private func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
