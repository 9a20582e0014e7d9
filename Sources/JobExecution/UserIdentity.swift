import Foundation
import Glibc

/// Running a job as its owner. A root agent switches to the job's user (groups, gid, uid, in that order);
/// an unprivileged agent (a personal or test centre) can only run its own user's jobs.
public struct UserIdentity: Sendable {
    public var name: String
    public var home: String
    public var shell: String

    public var baseEnvironment: [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return [
            "USER": name, "LOGNAME": name, "HOME": home, "SHELL": shell,
            "PATH": inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": inherited["LANG"] ?? "C.UTF-8",
        ]
    }

    public static func become(_ user: String) throws -> UserIdentity {
        guard let entry = getpwnam(user) else {
            throw ExecutionError("user \(user) does not exist on this node")
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
