import Foundation
import Testing

/// Slurm's --export through real processes: the submitter's environment reaches the job unless --export says not.
@Suite struct SlurmEnvironmentTests {
    @Test func theSubmittersEnvironmentReachesTheJobUnlessExportSaysNot() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        let environment = ["AISCHED_SERVER": centre.server, "AISCHED_TOKEN": token, "MARKER": "from-submitter",
                           "SUBMITTER_TOKEN": token]
        // The job has a token of its own (for srun and aisubmit inside it), never the submitter's.
        let print = #"echo "marker=$MARKER export=$SLURM_EXPORT_ENV token=$([ "$AISCHED_TOKEN" = "$SUBMITTER_TOKEN" ] && echo submitters || echo own)""#
        var outputs: [String] = []
        for export in [[], ["--export=NONE"]] {
            let submitted = try centre.run("aisubmit", ["submit", "--parsable"] + export + ["--", "sh", "-c", print],
                                           environment: environment)
            #expect(submitted.status == 0, "\(submitted.stderr)")
            let job = try #require(Int(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(try centre.run("aisubmit", ["wait", "--timeout", "30", String(job)], environment: environment).status == 0)
            outputs.append(try String(contentsOfFile: centre.workDir + "/aisched-\(job).out", encoding: .utf8))
        }
        #expect(outputs == ["marker=from-submitter export= token=own\n", "marker= export=NONE token=own\n"])
    }

    /// sbatch's --open-mode: output files are truncated by default, appended to with `append`; `%N` names the node.
    @Test func outputFilesAreTruncatedUnlessAppendAndPercentNNamesTheNode() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a")
        let token = try centre.token(centre.user)
        for name in ["fresh.txt", "kept.txt"] {
            try "stale\n".write(toFile: centre.workDir + "/" + name, atomically: true, encoding: .utf8)
        }
        var ids: [String] = []
        for args in [["-o", "fresh.txt"], ["-o", "kept.txt", "--open-mode=append"], ["-o", "%N-%j.out", "--comment", "probe"]] {
            let submitted = try centre.aisubmit(["submit", "--parsable"] + args + ["--", "echo", "new"], token: token)
            #expect(submitted.status == 0, "\(submitted.stderr)")
            ids.append(submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(try centre.aisubmit(["wait", "--timeout", "30"] + ids, token: token).status == 0)
        #expect(try String(contentsOfFile: centre.workDir + "/fresh.txt", encoding: .utf8) == "new\n")
        #expect(try String(contentsOfFile: centre.workDir + "/kept.txt", encoding: .utf8) == "stale\nnew\n")
        #expect(try String(contentsOfFile: centre.workDir + "/node-a-\(ids[2]).out", encoding: .utf8) == "new\n")
        let shown = try centre.aisubmit(["show", ids[2]], token: token).stdout
        #expect(shown.contains("Comment") && shown.contains("probe"), "\(shown)")
    }
}
