import Foundation
import Testing

/// Slurm's `--signal` and `--mail-type` through real processes: the agent signals the batch shell or the steps
/// ahead of the time limit, and schedd runs the centre's mail command after the changes it reports are committed.
@Suite(.serialized) struct SignalAndMailTests {
    /// Submits `script` (written to the work directory) and waits for it; returns its output and final state.
    private static func run(_ script: String, in centre: TestCentre, token: String) throws -> (output: String, state: String) {
        try script.write(toFile: centre.workDir + "/job.sh", atomically: true, encoding: .utf8)
        let submitted = try centre.aisubmit(["submit", "--parsable", "job.sh"], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = try #require(Int(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        _ = try centre.aisubmit(["wait", "--timeout", "50", String(job)], token: token)
        let info = try JSON.object(centre.aisubmit(["show", "--json", String(job)], token: token).stdout)
        let output = (try? String(contentsOfFile: centre.workDir + "/aisched-\(job).out", encoding: .utf8)) ?? ""
        return (output, info["state"] as? String ?? "?")
    }

    /// `--signal=B:USR1@50` with a one-minute limit: the batch shell gets USR1 about 10 s after it starts, traps it
    /// and ends the job itself, long before the limit.
    @Test func theBatchShellGetsItsSignalAheadOfTheTimeLimit() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let script = """
            #!/bin/bash
            #SBATCH -t 1
            #SBATCH --signal=B:USR1@50
            grep SigBlk /proc/self/status
            trap 'echo "batch shell got USR1 after ${SECONDS}s"; kill $child; exit 0' USR1
            sleep 120 & child=$!
            wait $child
            echo "no signal came"
            """
        let started = Date()
        let (output, state) = try Self.run(script, in: centre, token: token)
        #expect(state == "COMPLETED", "\(output)\n\(centre.log("node-a.log"))")
        let lines = output.split(separator: "\n").map(String.init)
        // The job starts with HUP, INT, USR1, USR2 and TERM unblocked (the agent's threads block most signals, and a
        // mask survives exec). grep reads its own mask, which it inherits from the shell's: reading the shell's from
        // outside races with the signals bash blocks for a moment around each fork.
        let blocked = try #require(lines.first.flatMap { UInt64($0.replacingOccurrences(of: "SigBlk:\t", with: ""), radix: 16) },
                                   "\(output)")
        #expect(blocked & (1 << 0 | 1 << 1 | 1 << 9 | 1 << 11 | 1 << 14) == 0, "\(output)")
        #expect(lines.dropFirst().first?.hasPrefix("batch shell got USR1 after ") == true, "\(output)")
        let seconds = try #require(output.split(separator: " ").last.flatMap { Int($0.dropLast(2)) }, "\(output)")
        #expect((8...20).contains(seconds), "the signal comes 50 s before the 60 s limit: \(output)")
        #expect(Date().timeIntervalSince(started) < 40)

        // This centre has no mail command, so a job that asks for mail is refused, saying so.
        let refused = try centre.aisubmit(["submit", "--mail-type=END", "--", "true"], token: token)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("this centre sends no job mail"), "\(refused.stderr)")
    }

    /// `--signal=USR1@50` (no B:) reaches the tasks `srun` started, not the batch shell waiting for srun.
    @Test func withoutBTheStepsTasksGetTheSignalAndTheBatchShellDoesNot() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let script = """
            #!/bin/bash
            #SBATCH -t 1
            #SBATCH --signal=USR1@50
            trap 'echo "batch shell got USR1"' USR1
            srun bash -c 'trap "echo task got USR1; exit 0" USR1; sleep 120 & wait'
            echo "srun exited $?"
            """
        let (output, state) = try Self.run(script, in: centre, token: token)
        #expect(state == "COMPLETED", "\(output)\n\(centre.log("node-a.log"))")
        #expect(output == "task got USR1\nsrun exited 0\n", "\(centre.log("node-a.log"))")

        // A command job has no batch shell: its command is signalled like a step's tasks, with B: too.
        let command = #"trap 'echo command got USR1; exit 0' USR1; sleep 120 & wait"#
        let submitted = try centre.aisubmit(["submit", "--parsable", "-t", "1", "--signal=B:USR1@55", "--",
                                             "bash", "-c", command], token: token)
        let job = try #require(Int(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(submitted.stderr)")
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token).status == 0)
        #expect(try String(contentsOfFile: centre.workDir + "/aisched-\(job).out", encoding: .utf8) == "command got USR1\n")
    }

    /// schedd runs the centre's mail command once per event the job asked for, with Slurm's MailProg arguments.
    @Test func theMailCommandIsRunForEachEventAsked() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let log = centre.root + "/mail.log"
        let command = centre.root + "/mail.sh"
        try """
            #!/bin/sh
            printf '%s|%s|%s|%s|%s\\n' "$1" "$2" "$3" "$AISCHED_MAIL_EVENT" "$SLURM_JOB_ID" >> \(log)
            """.write(toFile: command, atomically: true, encoding: .utf8)
        chmod(command, 0o755)
        try centre.startSchedd(extra: ["--mail-command", command])
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let submitted = try centre.aisubmit(["submit", "--parsable", "--job-name", "mailed", "--mail-type=BEGIN,END",
                                             "--", "sleep", "1"], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = try #require(Int(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        // Synchronise on the mail itself (the END notice comes after the job's end is committed), then check the end.
        _ = try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token)

        func lines() -> [String] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        #expect(try await eventually(10) { lines().count >= 2 }, "\(centre.log("schedd.log"))")
        try await Task.sleep(for: .seconds(1)) // nothing more comes
        let shown = try centre.aisubmit(["show", "--json", String(job)], token: token)
        #expect((try? JSON.object(shown.stdout))?["state"] as? String == "COMPLETED",
                "\(shown.stdout) \(shown.stderr)\nschedd:\n\(centre.log("schedd.log"))\nagent:\n\(centre.log("node-a.log"))")
        let fields = lines().map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        #expect(fields.count == 2, "\(lines())")
        guard fields.count == 2, fields.allSatisfy({ $0.count == 5 }) else { return }
        #expect(fields.map { $0[0] } == ["-s", "-s"])
        #expect(fields[0][1].hasPrefix("aisched Job_id=\(job) Name=mailed Began, Queued time 00:00:0"), "\(fields[0][1])")
        #expect(fields[1][1].hasPrefix("aisched Job_id=\(job) Name=mailed Ended, Run time 00:00:0"), "\(fields[1][1])")
        #expect(fields[1][1].hasSuffix(", COMPLETED, ExitCode 0"), "\(fields[1][1])")
        #expect(fields.map { $0[2] } == [centre.user, centre.user])
        #expect(fields.map { $0[3] } == ["BEGIN", "END"])
        #expect(fields.map { $0[4] } == [String(job), String(job)])
    }
}
