import Foundation
import Testing
@testable import SchedulerAuth

/// The cluster secret signs every token: no local user but its owner may read it, from its first byte on.
@Suite struct ClusterSecretTests {
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func theSecretIsCreatedOwnerOnlyAndAnOpenOneIsClosed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let old = umask(0)  // the most permissive umask: the mode must not come from it
        defer { umask(old) }
        let path = dir + "/cluster.secret"
        let secret = try ClusterSecret.loadOrCreate(at: path)
        #expect(secret.count == 32)
        #expect(try Self.mode(path) == 0o600)
        #expect(try ClusterSecret.loadOrCreate(at: path) == secret)

        chmod(path, 0o644)  // as an older schedd or an admin's copy left it
        #expect(try ClusterSecret.loadOrCreate(at: path) == secret)
        #expect(try Self.mode(path) == 0o600)
    }
}
