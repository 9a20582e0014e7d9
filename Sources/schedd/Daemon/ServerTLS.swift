import Foundation
import NIOCore
import NIOSSL
import SchedulerProtocol

/// TLS on schedd's RPC port (`--tls-cert`, `--tls-key`): the certificate chain and key, PEM files read at start.
/// Clients and agents verify the certificate against their CA file, hostname included; schedd does not ask
/// for client certificates (clients prove who they are with their token, inside the encrypted connection).
struct ServerTLS: Sendable {
    let context: NIOSSLContext

    /// Every problem with the files at once, as the operator fixes them.
    init(certificateFile: String, keyFile: String) throws {
        var problems: [String] = []
        var chain: [NIOSSLCertificate] = []
        var key: NIOSSLPrivateKey?
        if !FileManager.default.isReadableFile(atPath: certificateFile) {
            problems.append("cannot read the certificate file \(certificateFile)")
        } else {
            do { chain = try NIOSSLCertificate.fromPEMFile(certificateFile) } catch {
                problems.append("\(certificateFile) holds no PEM certificate (\(error))")
            }
            if chain.isEmpty, problems.isEmpty { problems.append("\(certificateFile) holds no PEM certificate") }
        }
        if !FileManager.default.isReadableFile(atPath: keyFile) {
            problems.append("cannot read the key file \(keyFile)")
        } else {
            do { key = try NIOSSLPrivateKey(file: keyFile, format: .pem) } catch {
                problems.append("\(keyFile) holds no PEM private key (\(error))")
            }
        }
        guard problems.isEmpty, let key else { throw TLSSetupError(problems) }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            // A key that does not belong to the certificate is found here.
            throw TLSSetupError(["\(keyFile) and \(certificateFile) do not make a usable TLS identity (\(error)); "
                                 + "is the key the certificate's?"])
        }
    }

    /// The handlers that go first on an accepted connection: one that answers a plaintext client with a readable
    /// error, then TLS.
    func handlers() -> [any ChannelHandler] {
        [PlaintextOnTLSPort(), NIOSSLServerHandler(context: context)]
    }
}

struct TLSSetupError: Error, CustomStringConvertible {
    var problems: [String]
    init(_ problems: [String]) { self.problems = problems }
    var description: String { "TLS: " + problems.joined(separator: "; ") }
}

/// A client that speaks plaintext to the TLS port would get its connection closed by the TLS handler, which tells it
/// nothing. The first bytes tell: a frame starts with the magic "AISD", a TLS connection with a handshake record
/// (0x16). A plaintext client gets an `error` frame it can read, saying what to do, and the connection closes; any
/// other connection goes on to TLS with its bytes untouched.
final class PlaintextOnTLSPort: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private var buffered: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if var buffered {
            buffered.writeBuffer(&bytes)
            self.buffered = buffered
        } else {
            buffered = bytes
        }
        guard let head = buffered, head.readableBytes >= 4 else { return }
        if head.getInteger(at: head.readerIndex, as: UInt32.self) == FrameHeader.magic {
            let reply = ErrorReply(code: .badFrame, message: "this schedd port speaks TLS",
                                   hint: "give the CA that signed schedd's certificate: --ca FILE, AISCHED_CA or "
                                       + "`ca = FILE` in the config file")
            var out = context.channel.allocator.buffer(capacity: 256)
            try? FrameEncoder().encode(data: Frame.error(reply, requestID: 0), out: &out)
            let channel = context.channel
            context.writeAndFlush(NIOAny(out)).whenComplete { _ in channel.close(promise: nil) }
            buffered = nil
            return
        }
        buffered = nil
        context.fireChannelRead(NIOAny(head))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }
}
