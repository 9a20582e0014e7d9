import Glibc

/// A pseudo-terminal for an interactive task (`aisubmit run --pty`): the task gets the replica side as its standard
/// streams and controlling terminal; the agent reads its output from the primary side and writes keystrokes to it.
/// The integration tests drive aisubmit through one too.
public struct PseudoTerminal: Sendable {
    public var primary: Int32
    public var replica: Int32

    /// TIOCSPTLCK and TIOCGPTN (`_IOW('T', 0x31, int)`, `_IOR('T', 0x30, unsigned int)`): macros Swift cannot import.
    static let setLock: UInt = 0x4004_5431
    static let getNumber: UInt = 0x8004_5430

    /// Opens a terminal of `rows`×`cols` (0: the default 24×80) whose replica side belongs to `owner`, as a login
    /// terminal would, so the task can reopen it (`/dev/tty`, `tty`).
    public static func open(rows: UInt32, cols: UInt32, owner: String) throws -> PseudoTerminal {
        // posix_openpt/unlockpt/ptsname are not visible to Swift's Glibc module; these are their Linux insides.
        let primary = Glibc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard primary >= 0, ioctl(primary, Self.setLock, &unlock) == 0, ioctl(primary, Self.getNumber, &number) == 0 else {
            if primary >= 0 { Glibc.close(primary) }
            throw ExecutionError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let name = "/dev/pts/\(number)"
        let replica = Glibc.open(name, O_RDWR | O_NOCTTY)
        guard replica >= 0 else {
            Glibc.close(primary)
            throw ExecutionError("cannot open \(name): \(String(cString: strerror(errno)))")
        }
        if geteuid() == 0, let entry = getpwnam(owner) { _ = fchown(replica, entry.pointee.pw_uid, entry.pointee.pw_gid) }
        let terminal = PseudoTerminal(primary: primary, replica: replica)
        terminal.resize(rows: rows == 0 ? UInt32(24) : rows, cols: cols == 0 ? UInt32(80) : cols)
        return terminal
    }

    /// Sets the window size; the task's foreground process group gets SIGWINCH.
    public func resize(rows: UInt32, cols: UInt32) {
        Self.resize(primary, rows: rows, cols: cols)
    }

    public static func resize(_ primary: Int32, rows: UInt32, cols: UInt32) {
        var size = winsize(ws_row: UInt16(clamping: rows), ws_col: UInt16(clamping: cols), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(primary, UInt(TIOCSWINSZ), &size)
    }

    public func close() {
        Glibc.close(primary)
        Glibc.close(replica)
    }
}
