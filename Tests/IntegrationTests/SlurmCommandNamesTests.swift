import Foundation
import Testing

/// Slurm's command names (symlinks to aisubmit, as the package installs them): muscle memory works.
@Suite(.serialized) struct SlurmCommandNamesTests {
    @Test func sbatchSqueueScancelSinfoScontrolAndSacctAnswerUnderTheirNames() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let names = centre.root + "/slurm-commands"
        try FileManager.default.createDirectory(atPath: names, withIntermediateDirectories: true)
        for name in ["sbatch", "squeue", "scancel", "sinfo", "scontrol", "sacct"] {
            try FileManager.default.createSymbolicLink(atPath: names + "/" + name, withDestinationPath: centre.binDir + "/aisubmit")
        }
        func slurm(_ name: String, _ args: [String]) throws -> TestCentre.CommandResult {
            try centre.runExecutable(names + "/" + name, args, environment: ["AISCHED_SERVER": centre.server, "AISCHED_TOKEN": token])
        }

        // sbatch --wrap: a one-line script, run once; inside it, scontrol show job reads the job.
        let wrapped = try slurm("sbatch", ["--parsable", "--comment=probe",
                                           "--wrap", "echo wrapped; scontrol show job $SLURM_JOB_ID | grep -o 'JobName=[^ ]*'"])
        #expect(wrapped.status == 0, "\(wrapped.stderr)")
        let job = wrapped.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try centre.aisubmit(["wait", "--timeout", "30", job], token: token).status == 0)
        #expect(try centre.aisubmit(["logs", job], token: token).stdout == "wrapped\nJobName=wrap\n")

        let listed = try slurm("squeue", ["-h", "-t", "all", "-j", job, "-o", "%i %j %T"])
        #expect(listed.stdout == "\(job) wrap COMPLETED\n", "\(listed.stdout) \(listed.stderr)")
        let shown = try slurm("scontrol", ["show", "job", job]).stdout
        for key in ["JobId=\(job) JobName=wrap", "JobState=COMPLETED", "NodeList=node-a", "Comment=probe", "StdOut="] {
            #expect(shown.contains(key), "\(key) in \(shown)")
        }
        #expect(try slurm("sinfo", ["-h"]).stdout.hasPrefix("node-a"))

        let held = try slurm("sbatch", ["--parsable", "-H", "--wrap", "true"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try slurm("scancel", [held]).status == 0)
        let state = try JSON.object(centre.aisubmit(["show", "--json", held], token: token).stdout)["state"] as? String
        #expect(state == "CANCELLED")

        // sacct: the history, with sacct's common options; one it does not take is refused saying what to use.
        let accounted = try slurm("sacct", ["-X", "-n", "-P", "-j", "\(job),\(held)", "-s", "CD,CA"])
        let rows = accounted.stdout.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false) }
        #expect(rows.map { "\($0[0]) \($0[4])" } == ["\(job) COMPLETED", "\(held) CANCELLED"], "\(accounted.stdout) \(accounted.stderr)")
        let brief = try slurm("sacct", ["--brief"])
        #expect(brief.status != 0 && brief.stderr.contains("--format csv"), "\(brief.stderr)")
    }
}
