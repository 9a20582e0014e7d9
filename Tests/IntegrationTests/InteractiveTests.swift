import Foundation
import Glibc
import Testing

/// Interactive jobs through a real centre, driven as a person at a terminal would: `aisubmit run --pty` (srun --pty)
/// and `aisubmit alloc` (salloc).
@Suite(.serialized) struct InteractiveTests {
    static func clientEnvironment(_ centre: TestCentre, token: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = centre.root
        environment["AISCHED_SERVER"] = centre.server
        environment["AISCHED_TOKEN"] = token
        environment["TERM"] = "xterm"
        return environment
    }

    static func jobID(in text: String) -> String? {
        guard let range = text.range(of: #"job (\d+) has been allocated"#, options: .regularExpression) else { return nil }
        return text[range].split(separator: " ")[1].description
    }

    /// The remote shell gets this terminal: its size, a tty of its own, Ctrl-C interrupts the command it runs, not
    /// the session; its exit code ends the allocation (FAILED for 3).
    @Test(.enabled(if: TerminalDriver.available, "needs pseudo-terminals (/dev/ptmx and a mounted devpts)"))
    func runPtyAttachesTheTerminalToTheFirstTask() throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("gpu-01", topology: AccountingTests.topology)
        let token = try centre.token(centre.user)
        let driver = try TerminalDriver(centre.binDir + "/aisubmit", ["run", "--pty", "-J", "shell", "--", "sh"],
                                        environment: Self.clientEnvironment(centre, token: token),
                                        directory: centre.workDir, rows: 40, cols: 100)
        defer { driver.stop() }
        #expect(driver.waitFor("has been allocated resources"), "\(driver.shown)\n\(centre.log("gpu-01.log"))")
        let job = try #require(Self.jobID(in: driver.shown), "\(driver.shown)")
        // Typed at once, before the remote shell has started: schedd keeps what comes before the step is started
        // and sends it after (typeahead), as a terminal would.

        driver.type("echo marker-$SLURM_JOB_ID-$((6*7)); stty size; tty\r")
        #expect(driver.waitFor("marker-\(job)-42"), "\(driver.shown)")
        #expect(driver.waitFor("40 100"), "the remote terminal has this one's size: \(driver.shown)")
        #expect(driver.waitFor("/dev/pts/"), "\(driver.shown)")

        driver.type("sleep 30\r")
        usleep(800_000)
        driver.type("\u{03}")
        let mark = driver.shown.count
        driver.type("echo after-$((1+1))\r")
        #expect(driver.waitFor("after-2", after: mark, timeout: 10), "Ctrl-C stopped sleep, not the shell: \(driver.shown)")

        driver.type("exit 3\r")
        #expect(driver.waitExit() == 3, "\(driver.shown)")
        let info = try JSON.object(centre.aisubmit(["show", "--json", job], token: token).stdout)
        #expect(info["state"] as? String == "FAILED")
        #expect(info["exitCode"] as? Int == 3)
    }

    /// salloc: a local command with the allocation's variables, whose `srun` runs tasks on both nodes.
    @Test func allocRunsACommandHereWithStepsOnTheAllocation() throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("gpu-01", topology: AccountingTests.topology)
        try centre.startAgent("gpu-02", topology: AccountingTests.topology)
        let token = try centre.token(centre.user)
        let inner = "echo nodes=$SLURM_JOB_NUM_NODES list=$SLURM_JOB_NODELIST; "
            + "\(centre.binDir)/aisubmit srun -l sh -c 'echo on $SLURMD_NODENAME' | sort"
        let result = try centre.aisubmit(["alloc", "-N", "2", "--", "sh", "-c", inner], token: token)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout == "nodes=2 list=gpu-[01-02]\n0: on gpu-01\n1: on gpu-02\n", "\(result.stderr)")
        let job = try #require(Self.jobID(in: result.stderr))
        let info = try JSON.object(centre.aisubmit(["show", "--json", job], token: token).stdout)
        #expect(info["state"] as? String == "COMPLETED")
    }

    /// An allocation whose aisubmit is killed does not hold its nodes: schedd cancels it.
    @Test(.enabled(if: TerminalDriver.available, "needs pseudo-terminals (/dev/ptmx and a mounted devpts)"))
    func aKilledSessionCancelsItsAllocation() throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("gpu-01", topology: AccountingTests.topology)
        let token = try centre.token(centre.user)
        let driver = try TerminalDriver(centre.binDir + "/aisubmit", ["run", "--", "sleep", "300"],
                                        environment: Self.clientEnvironment(centre, token: token),
                                        directory: centre.workDir, rows: 24, cols: 80)
        defer { driver.stop() }
        #expect(driver.waitFor("has been allocated resources"), "\(driver.shown)")
        let job = try #require(Self.jobID(in: driver.shown))
        kill(driver.process.processIdentifier, SIGKILL)
        var state = ""
        for _ in 0..<100 {
            state = try JSON.object(centre.aisubmit(["show", "--json", job], token: token).stdout)["state"] as? String ?? ""
            if state == "CANCELLED" { break }
            usleep(100_000)
        }
        #expect(state == "CANCELLED")
    }
}
