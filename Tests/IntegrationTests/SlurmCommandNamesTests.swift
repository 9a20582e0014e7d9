import Foundation
import Testing

/// Slurm's command names (symlinks to aisubmit, as the package installs them): muscle memory works.
@Suite(.serialized) struct SlurmCommandNamesTests {
    @Test func sbatchSqueueScancelSinfoAndScontrolAnswerUnderTheirNames() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let names = centre.root + "/slurm-commands"
        try FileManager.default.createDirectory(atPath: names, withIntermediateDirectories: true)
        for name in ["sbatch", "squeue", "scancel", "sinfo", "scontrol"] {
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
    }
}
