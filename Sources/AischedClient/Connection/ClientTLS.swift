import Foundation
import NIOCore
import NIOSSL

/// TLS from the client's side (aisubmit, srun, the node agent): schedd's certificate must chain to the CA in
/// `caFile` and name the host connected to (a DNS name in its subjectAltName, or, when the server is given as an
/// IP address, that IP address), so a machine that only took over schedd's address cannot pose as it.
public struct ClientTLS: Sendable {
    /// The PEM file of the certificate authority that signed schedd's certificate.
    public let caFile: String
    let context: NIOSSLContext

    /// Loads the CA; a file that is missing or holds no certificate is refused with what to do.
    public init(caFile: String) throws(ClientError) {
        guard FileManager.default.isReadableFile(atPath: caFile) else {
            throw .tls("cannot read the CA file \(caFile): give the PEM file of the authority that signed schedd's "
                       + "certificate (--ca, AISCHED_CA or `ca =` in the config file)")
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(caFile)
        } catch {
            throw .tls("the CA file \(caFile) holds no PEM certificate (\(error))")
        }
        guard !certificates.isEmpty else { throw .tls("the CA file \(caFile) holds no PEM certificate") }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        configuration.trustRoots = .certificates(certificates)
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .tls("cannot set up TLS with the CA file \(caFile): \(error)")
        }
        self.caFile = caFile
    }

    /// The handler that wraps the connection to `host`. A DNS name is sent as SNI and checked against the
    /// certificate's DNS names; an IP address (which SNI cannot carry) is checked against its IP addresses.
    func handler(host: String) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: Self.isIPAddress(host) ? nil : host)
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return host.withCString { inet_pton(AF_INET, $0, &v4) == 1 || inet_pton(AF_INET6, $0, &v6) == 1 }
    }

    /// A TLS failure in words for the person at the terminal, or nil when `error` is not about TLS.
    func explain(_ error: any Error, host: String, port: Int) -> ClientError? {
        let text = String(describing: error)
        if error is NIOSSLExtraError, text.contains("failedToValidateHostname") {
            return .tls("schedd's certificate at \(host):\(port) is not for \(host) (its subjectAltName must name "
                        + "\(Self.isIPAddress(host) ? "IP:" : "DNS:")\(host)); connect by a name the certificate "
                        + "holds, or have it reissued")
        }
        guard error is NIOSSLError || error is BoringSSLError else { return nil }
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return .tls("schedd's certificate at \(host):\(port) is not signed by the CA in \(caFile) "
                        + "(certificate verify failed): give the CA that signed it")
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG") {
            return .tls("schedd at \(host):\(port) does not speak TLS: it serves plaintext (no --tls-cert); "
                        + "leave out --ca / AISCHED_CA, or start schedd with TLS")
        }
        return .tls("TLS with schedd at \(host):\(port) failed: \(text)")
    }
}
