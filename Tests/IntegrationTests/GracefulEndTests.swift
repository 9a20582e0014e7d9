import AischedClient
import Foundation
import Glibc
import Testing

/// How jobs end and what they start with, seen from inside real jobs: a job that traps SIGTERM checkpoints when it
/// is cancelled, preempted or reaches its time limit (done-when 2 of issue 13), and a job starts with no signal
/// blocked, no descriptor of the agent, the site's PATH and private output files.
@Suite(.serialized) struct GracefulEndTests {
    /// Writes "checkpoint" to `file` on SIGTERM and exits; meanwhile waits (its `sleep` dies with the group too).
    static func trapping(_ file: String) -> [String] {
        ["--", "bash", "-c", "trap 'echo checkpoint >> \(file); exit 0' TERM; echo ready >> \(file); while :; do sleep 0.2; done"]
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func aJobThatTrapsSIGTERMCheckpointsWhenCancelled() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let file = centre.root + "/cancelled"
        let job = try AgentRestartTests.submit(centre, Self.trapping(file), token)
        #expect(try await eventually(60) { Self.lines(file) == ["ready"] })
        #expect(try centre.aisubmit(["cancel", String(job)], token: token).status == 0)
        #expect(try await eventually(30) { Self.lines(file) == ["ready", "checkpoint"] }, "\(Self.lines(file))") // slow only on a loaded machine
    }

    @Test func aJobThatTrapsSIGTERMCheckpointsAtItsTimeLimit() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let file = centre.root + "/limited"
        let job = try AgentRestartTests.submit(centre, ["--time", "0:03"] + Self.trapping(file), token)
        _ = try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token)
        #expect(Self.lines(file) == ["ready", "checkpoint"])
        #expect(AgentRestartTests.state(centre, job, token)["state"] as? String == "TIMEOUT")
    }

    @Test func aJobThatTrapsSIGTERMCheckpointsWhenPreempted() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("dgx-01", topology: BackfillPreemptionTests.topology)
        let token = try centre.token(centre.user)
        let file = centre.root + "/preempted"
        let scavenger = try AgentRestartTests.submit(centre, ["--qos", "scavenger", "--gpus-per-node", "8"]
                                                     + Self.trapping(file), token)
        #expect(try await eventually(60) { Self.lines(file) == ["ready"] })
        let normal = try AgentRestartTests.submit(centre, ["--gpus-per-node", "8", "--time", "10", "--", "true"], token)
        #expect(try await eventually(30) { Self.lines(file).starts(with: ["ready", "checkpoint"]) }, "\(Self.lines(file))")
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(normal)], token: token).status == 0)
        _ = try centre.aisubmit(["cancel", String(scavenger)], token: token)
    }

    /// The job's own view of its process: nothing blocked or ignored, only its three standard streams (no socket
    /// of the agent), the site's PATH when it exports none, and output files only its owner can read.
    @Test func aJobStartsAsACleanProcess() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        // The listing and the status are the commands' own (a shell keeps descriptors and masks of its own while it
        // runs a pipeline); `ls` also lists its own handle on /proc/self/fd, left out here.
        let script = "echo PATH=$PATH; ls -l /proc/self/fd; exec cat /proc/self/status"
        let job = try AgentRestartTests.submit(centre, ["--export=NONE", "--", "/bin/sh", "-c", script], token)
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token).status == 0,
                "\(AgentRestartTests.state(centre, job, token))\nagent:\n\(centre.log("node-a.log"))")
        let outPath = centre.workDir + "/aisched-\(job).out"
        let output = Self.lines(outPath)
        #expect(output.contains("SigBlk:\t0000000000000000"), "\(output)")
        // Signals 1–31 (glibc keeps 32 and 33 for itself: they are not the job's to trap or ignore).
        let ignored = output.first { $0.hasPrefix("SigIgn:") }.flatMap { UInt64($0.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) }
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0, "\(output)")
        let descriptors = output.filter { $0.contains(" -> ") && !$0.contains("-> /proc/") }
        #expect(descriptors.count == 3 && !descriptors.contains { $0.contains("socket:") }, "\(descriptors)")
        // aisched's Slurm commands (srun, scontrol) come first, then the site's PATH, never the agent's.
        #expect(output.contains { $0.hasPrefix("PATH=") && $0.hasSuffix("/bin:/usr/local/bin:/usr/bin:/bin") }, "\(output)")
        var info = stat()
        #expect(stat(outPath, &info) == 0 && info.st_mode & 0o777 == 0o600, "mode \(String(info.st_mode & 0o777, radix: 8))")
    }
}
