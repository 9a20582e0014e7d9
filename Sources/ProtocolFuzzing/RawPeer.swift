#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import SchedulerProtocol

/// A blocking TCP client that sends a server whatever bytes it is given, as a broken or hostile peer would, and
/// reads back the frames the server answers with until it closes: how the fuzz tests and `schedbench fuzz` probe a
/// real schedd. Plain sockets, not NIO, so nothing in between repairs or refuses what is sent.
public final class RawPeer {
    /// What the server sent back.
    public struct Reception: Sendable {
        public var frames: [Frame] = []
        /// The server closed the connection (end of stream or reset).
        public var closed = false
        /// The server's bytes did not decode as frames.
        public var undecodable: FrameError?
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let fd: Int32
    private let processor = NIOSingleStepByteToMessageProcessor(FrameDecoder(maximumPayloadBytes: Int(UInt32.max)))
    private var isOpen = true

    public init(host: String, port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            Glibc.close(fd)
            throw Failure(description: "\(host) is not an IPv4 address")
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let error = errno
            Glibc.close(fd)
            throw Failure(description: "cannot connect to \(host):\(port): errno \(error)")
        }
    }

    deinit { close() }

    /// Sends all of `bytes`; false if the server closed or reset the connection first.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    /// Sends `frame`, encoded whatever its size.
    @discardableResult
    public func send(_ frame: Frame) -> Bool {
        send((try? frame.bytes(maximumPayloadBytes: Int(UInt32.max))) ?? [])
    }

    /// Tells the server nothing more will come (it sees the end of the stream, as after a client's exit).
    public func finishWriting() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Reads until `count` frames have come, the server closes, or `timeoutMs` pass without a byte.
    public func receive(frames count: Int = .max, timeoutMs: Int32 = 2_000) -> Reception {
        var reception = Reception()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while reception.frames.count < count {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, timeoutMs)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { break }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                reception.closed = true  // end of stream, or reset: either way the server is done with us
                break
            }
            do {
                try processor.process(buffer: ByteBuffer(bytes: chunk[0..<n])) { reception.frames.append($0) }
            } catch {
                reception.undecodable = error as? FrameError
                break
            }
        }
        return reception
    }

    /// Waits until the server closes the connection; false if it is still open after `timeoutMs` (frames that come
    /// meanwhile are read and dropped).
    public func waitForClose(timeoutMs: Int32 = 2_000) -> Bool {
        receive(timeoutMs: timeoutMs).closed
    }

    public func close() {
        guard isOpen else { return }
        isOpen = false
        Glibc.close(fd)
    }
}
