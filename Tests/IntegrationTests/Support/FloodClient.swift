import Foundation
import Glibc
import NIOCore
import SchedulerProtocol
import Synchronization

/// A client that says hello and then writes the same request over and over, pipelined, as fast as it can: what a
/// careless or hostile script does to schedd. With `reading`, another thread reads (and drops) the replies as fast as
/// they come; without, it never reads a byte. Runs on threads of its own (its writes block once schedd stops reading)
/// until `stop()`.
final class FloodClient: Sendable {
    private let fd: Int32
    private let written = Atomic<Int>(0)
    private let received = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    private let reading: Bool

    /// Connects and starts writing `request` (with fresh request ids) after a hello with `token`.
    init(host: String, port: Int, token: String, request: some WireMessage, kind: MessageKind, reading: Bool = false) throws {
        self.reading = reading
        fd = try RawSocket.open(host: host, port: port)
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let hello = Self.bytes(Frame(kind: .hello, requestID: 1, message: Hello(token: token, clientName: "flood")))
        let payload = request.wireBuffer()
        let thread = Thread { [self] in
            defer { done.signal() }
            guard send(hello) else { return }
            var id: UInt64 = 2
            while !stopped.load(ordering: .relaxed) {
                guard send(Self.bytes(Frame(kind: kind, requestID: id, payload: payload))) else { return }
                written.add(1, ordering: .relaxed)
                id += 1
            }
        }
        thread.start()
        if reading {
            Thread { [self] in
                defer { done.signal() }
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while !stopped.load(ordering: .relaxed) {
                    let n = recv(fd, &chunk, chunk.count, 0)
                    if n > 0 {
                        received.add(n, ordering: .relaxed)
                    } else if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                        return
                    }
                }
            }.start()
        }
    }

    /// Requests written so far (schedd stops reading them once this connection has its limit in progress).
    var requestsWritten: Int { written.load(ordering: .relaxed) }

    /// Bytes of replies read so far (with `reading`).
    var bytesReceived: Int { received.load(ordering: .relaxed) }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        done.wait()
        if reading { done.wait() }
        close(fd)
    }

    /// Writes all of `bytes`, retrying while the socket is full; false when stopped or the connection is gone.
    private func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            if stopped.load(ordering: .relaxed) { return false }
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                offset += n
            } else if n < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    private static func bytes(_ frame: Frame) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        try! frame.write(to: &buffer)
        return Array(buffer.readableBytesView)
    }
}
