import Foundation
import Glibc
import NIOCore
import Synchronization

/// Resident memory of a process in MiB (from /proc), for bounds on what a test made it hold.
func residentMiB(of pid: Int32) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

/// CPU seconds (user + system) a process has used so far, from /proc.
func cpuSeconds(of pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return 0 }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command name: state is field 3, utime 14 and stime 15 (1-based), so 11 and 12 here.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// A count shared by concurrent tasks (an `Atomic` cannot be captured by their closures itself).
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    var count: Int { value.load(ordering: .relaxed) }
    func add() { value.add(1, ordering: .relaxed) }
}

/// When a connection closed, taken on the event loop that closed it (not when a busy test task gets to look).
final class ClosedAt: Sendable {
    private let moment = Mutex<Date?>(nil)

    init(_ future: EventLoopFuture<Void>) {
        future.whenComplete { [self] _ in moment.withLock { $0 = Date() } }
    }

    var date: Date? { moment.withLock { $0 } }
}
