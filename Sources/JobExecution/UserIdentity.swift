import Foundation
import Glibc

/// Running a job as its owner. A root agent switches to the job's user (groups, gid, uid, in that order);
/// an unprivileged agent (a personal or test centre) can only run its own user's jobs.
public struct UserIdentity: Sendable {
    public var name: String
    public var home: String
    public var shell: String

    /// The site's PATH for jobs whose environment sets none (`nodeagent --job-path`); never the agent's own, which
    /// may name directories only root should run from.
    public static let defaultPath = "/usr/local/bin:/usr/bin:/bin"

    /// The uid below which accounts are the system's (Debian's FIRST_UID): no job runs as them unless the site says.
    public static let defaultMinimumUID: UInt32 = 1000

    /// What a job's environment starts from, before the job's own variables.
    public func baseEnvironment(path: String) -> [String: String] {
        ["USER": name, "LOGNAME": name, "HOME": home, "SHELL": shell, "PATH": path,
         "LANG": ProcessInfo.processInfo.environment["LANG"] ?? "C.UTF-8"]
    }

    /// Switches to `user`, refusing accounts below `minimumUID` (root included) so a forged or mistaken submission
    /// cannot run code as a system account.
    public static func become(_ user: String, minimumUID: UInt32 = defaultMinimumUID) throws -> UserIdentity {
        guard let entry = getpwnam(user) else {
            throw ExecutionError("user \(user) does not exist on this node")
        }
        guard entry.pointee.pw_uid >= minimumUID else {
            throw ExecutionError("user \(user) has uid \(entry.pointee.pw_uid), below this node's minimum \(minimumUID) for jobs (root and system accounts do not run jobs); an admin can lower it with nodeagent --min-uid")
        }
        let identity = UserIdentity(name: user, home: String(cString: entry.pointee.pw_dir),
                                    shell: String(cString: entry.pointee.pw_shell))
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        if geteuid() == uid { return identity }
        guard geteuid() == 0 else {
            throw ExecutionError("this agent runs as an unprivileged user and can only run its own user's jobs, not \(user)'s")
        }
        guard initgroups(user, gid) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw ExecutionError("cannot switch to user \(user): \(String(cString: strerror(errno)))")
        }
        return identity
    }
}
