import Foundation
import Testing

/// TLS on schedd's RPC port, with certificates made for the test by the openssl command: an agent and a client that
/// trust the CA work; a client that trusts another CA, one that connects by a name the certificate does not hold,
/// one that speaks plaintext to the TLS port, and one that speaks TLS to a plaintext port each get a clear error.
@Suite(.serialized) struct TLSTests {
    /// A CA, schedd's certificate for IP:127.0.0.1 signed by it, one for another name only, and an unrelated CA.
    struct Certificates {
        let ca: String
        let cert: String
        let key: String
        let otherCA: String
        /// Signed by the CA for DNS:sched.example.org alone (its key is `key`).
        let otherName: String

        init(in dir: String) throws {
            ca = dir + "/ca.pem"
            cert = dir + "/schedd.pem"
            key = dir + "/schedd.key"
            otherCA = dir + "/other-ca.pem"
            otherName = dir + "/other-name.pem"
            let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            try Self.openssl(["req", "-x509"] + ec + ["-keyout", dir + "/ca.key", "-out", ca, "-days", "2",
                                                      "-subj", "/CN=aisched test CA"])
            try Self.openssl(["req"] + ec + ["-keyout", key, "-out", dir + "/schedd.csr", "-subj", "/CN=schedd"])
            try "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
                .write(toFile: dir + "/ext.cnf", atomically: true, encoding: .utf8)
            try Self.openssl(["x509", "-req", "-in", dir + "/schedd.csr", "-CA", ca, "-CAkey", dir + "/ca.key",
                              "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", dir + "/ext.cnf"])
            try Self.openssl(["req", "-x509"] + ec + ["-keyout", dir + "/other-ca.key", "-out", otherCA, "-days", "2",
                                                      "-subj", "/CN=another CA"])
            try "subjectAltName=DNS:sched.example.org\n".write(toFile: dir + "/other.cnf", atomically: true, encoding: .utf8)
            try Self.openssl(["x509", "-req", "-in", dir + "/schedd.csr", "-CA", ca, "-CAkey", dir + "/ca.key",
                              "-CAcreateserial", "-out", otherName, "-days", "2", "-extfile", dir + "/other.cnf"])
        }

        static func openssl(_ args: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["openssl"] + args
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let message = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw TestFailure("openssl \(args.joined(separator: " ")) failed (the test needs the openssl command): "
                                  + String(decoding: message, as: UTF8.self))
            }
        }
    }

    @Test func clientsAndAgentsVerifySchedd() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let certs = try Certificates(in: centre.root)
        try centre.startSchedd(extra: ["--tls-cert", certs.cert, "--tls-key", certs.key])
        #expect(centre.log("schedd.log").contains("(TLS)"))
        // The agent registers over TLS, having verified schedd against the CA.
        try centre.startAgent("dgx-01", topology: AccountingTests.topology, extra: ["--ca", certs.ca])
        let token = try centre.token(centre.user)

        func aisubmit(_ args: [String], server: String? = nil, ca: String?) throws -> TestCentre.CommandResult {
            var environment = ["AISCHED_SERVER": server ?? centre.server, "AISCHED_TOKEN": token]
            if let ca { environment["AISCHED_CA"] = ca }
            return try centre.run("aisubmit", args, environment: environment)
        }

        let trusted = try aisubmit(["nodes", "--json"], ca: certs.ca)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(try JSON.array(trusted.stdout).map { $0["name"] as? String } == ["dgx-01"])
        let submitted = try aisubmit(["submit", "--hold", "--", "true"], ca: certs.ca)
        #expect(submitted.status == 0, "\(submitted.stderr)")

        let untrusted = try aisubmit(["nodes"], ca: certs.otherCA)
        #expect(untrusted.status != 0)
        #expect(untrusted.stderr.contains("is not signed by the CA in \(certs.otherCA)"), "\(untrusted.stderr)")

        let plaintext = try aisubmit(["nodes"], ca: nil)
        #expect(plaintext.status != 0)
        #expect(plaintext.stderr.contains("this schedd port speaks TLS") && plaintext.stderr.contains("AISCHED_CA"),
                "\(plaintext.stderr)")

        let missing = try aisubmit(["nodes"], ca: centre.root + "/no-such-ca.pem")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read the CA file"), "\(missing.stderr)")

        #expect(centre.scheddIsRunning, "schedd carries on after refused handshakes")
        #expect(try aisubmit(["nodes"], ca: certs.ca).status == 0)
    }

    /// Host names are verified: a certificate the CA signed for another name does not do for 127.0.0.1.
    @Test func aCertificateForAnotherNameIsRefused() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let certs = try Certificates(in: centre.root)
        try centre.startSchedd(extra: ["--tls-cert", certs.otherName, "--tls-key", certs.key])
        let result = try centre.run("aisubmit", ["nodes"], environment: [
            "AISCHED_SERVER": centre.server, "AISCHED_TOKEN": try centre.token(centre.user), "AISCHED_CA": certs.ca,
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("is not for 127.0.0.1"), "\(result.stderr)")
    }

    @Test func aTLSClientToAPlaintextPortIsToldSo() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let certs = try Certificates(in: centre.root)
        try centre.startSchedd()
        let result = try centre.run("aisubmit", ["nodes"], environment: [
            "AISCHED_SERVER": centre.server, "AISCHED_TOKEN": try centre.token(centre.user), "AISCHED_CA": certs.ca,
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("does not speak TLS"), "\(result.stderr)")
    }

    @Test func scheddRefusesUnusableTLSFiles() throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let certs = try Certificates(in: centre.root)
        let onlyCert = try centre.run("schedd", ["--state-dir", centre.stateDir, "--listen", "127.0.0.1:0",
                                                 "--tls-cert", certs.cert])
        #expect(onlyCert.status != 0 && onlyCert.stderr.contains("--tls-cert needs --tls-key"), "\(onlyCert.stderr)")
        let wrongKey = try centre.run("schedd", ["--state-dir", centre.stateDir, "--listen", "127.0.0.1:0",
                                                 "--tls-cert", certs.cert, "--tls-key", centre.root + "/other-ca.key"])
        #expect(wrongKey.status != 0 && wrongKey.stderr.contains("is the key the certificate's?"), "\(wrongKey.stderr)")
    }
}
