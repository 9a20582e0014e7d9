import Foundation
import Testing

/// A gang over two agents starts on both with the environment torchrun needs.
@Suite(.serialized) struct MultiNodeTests {
    @Test func twoNodeJobStartsOnBothNodesWithRankAndMasterEnvironment() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("node-a", topology: AccountingTests.topology)
        try centre.startAgent("node-b", topology: AccountingTests.topology)
        let token = try centre.token(centre.user)
        let script = #"echo "rank=$NODE_RANK nnodes=$NNODES world=$WORLD_SIZE master=$MASTER_ADDR:$MASTER_PORT list=$AISCHED_NODELIST gpus=$CUDA_VISIBLE_DEVICES""#
        let submitted = try centre.aisubmit(["submit", "--json", "--nodes", "2", "--gpus-per-node", "8", "--", "sh", "-c", script], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let job = try #require(try JSON.object(submitted.stdout)["id"] as? Int)
        #expect(try centre.aisubmit(["wait", "--timeout", "30", String(job)], token: token).status == 0)

        let info = try JSON.object(centre.aisubmit(["show", "--json", String(job)], token: token).stdout)
        let nodes = try #require(info["allocation"] as? [[String: Any]]).compactMap { $0["node"] as? String }
        #expect(Set(nodes) == ["node-a", "node-b"])
        let output = try String(contentsOfFile: try #require(info["stdout"] as? String), encoding: .utf8)
        let lines = Set(output.split(separator: "\n").map(String.init))
        let master = nodes[0]
        let port = 20_000 + job % 10_000
        #expect(lines == [
            "rank=0 nnodes=2 world=2 master=\(master):\(port) list=\(nodes.joined(separator: ",")) gpus=0,1,2,3,4,5,6,7",
            "rank=1 nnodes=2 world=2 master=\(master):\(port) list=\(nodes.joined(separator: ",")) gpus=0,1,2,3,4,5,6,7",
        ], "\(output)")
    }

    /// A Slurm script with two nodes and two tasks per node runs as under Slurm: the body once, on the first node,
    /// reading Slurm's variables and `scontrol show hostnames`; `srun` (aisched's, first on the job's PATH) starts
    /// four tasks, ranks 0–3 over both nodes, each with its own SLURM_PROCID/LOCALID/NODEID and GPUs; a failing
    /// task's exit code comes back from srun.
    @Test func slurmScriptRunsItsBodyOnceAndSrunStartsTheTasks() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("dgx-01", topology: AccountingTests.topology)
        try centre.startAgent("dgx-02", topology: AccountingTests.topology)
        let token = try centre.token(centre.user)
        let script = """
            #!/bin/bash
            #SBATCH --job-name=slurm-vars
            #SBATCH --nodes=2
            #SBATCH --ntasks-per-node=2
            #SBATCH --cpus-per-task=4
            #SBATCH --gpus-per-task=2
            #SBATCH --output=%x-%j.out
            head=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
            export MASTER_ADDR=$head MASTER_PORT=29500
            echo "body node=$SLURMD_NODENAME id=$SLURM_NODEID list=$SLURM_JOB_NODELIST head=$head" \
                 "nodes=$SLURM_JOB_NUM_NODES ntasks=$SLURM_NTASKS per-node=$SLURM_TASKS_PER_NODE" \
                 "cpus=$SLURM_CPUS_PER_TASK gpus=$SLURM_GPUS_ON_NODE job=$SLURM_JOB_ID name=$SLURM_JOB_NAME" \
                 "submit=$SLURM_SUBMIT_DIR all=$(scontrol show hostnames | tr '\\n' ' ')"
            srun bash -c 'echo "task rank=$SLURM_PROCID local=$SLURM_LOCALID node=$SLURM_NODEID host=$SLURMD_NODENAME" \
                "step=$SLURM_STEP_ID ntasks=$SLURM_NTASKS master=$MASTER_ADDR:$MASTER_PORT cuda=$CUDA_VISIBLE_DEVICES"'
            srun -N 1 -n 1 sh -c 'exit 3'
            echo "srun exit=$?"
            """
        try script.write(toFile: centre.workDir + "/vars.sh", atomically: true, encoding: .utf8)
        let submitted = try centre.aisubmit(["submit", "vars.sh"], token: token)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        // sbatch's exact words, which scripts take apart with awk '{print $4}'.
        let words = submitted.stdout.split(separator: " ")
        #expect(words.prefix(3) == ["Submitted", "batch", "job"], "\(submitted.stdout)")
        let job = try #require(Int(words.last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        let waited = try centre.aisubmit(["wait", "--timeout", "60", String(job)], token: token)
        #expect(waited.status == 0, "\(waited.stdout) \(waited.stderr)\n\(centre.log("dgx-01.log"))\n\(centre.log("dgx-02.log"))")

        let info = try JSON.object(centre.aisubmit(["show", "--json", String(job)], token: token).stdout)
        let allocation = try #require(info["allocation"] as? [[String: Any]])
        let gpus = try allocation.map { try #require($0["gpus"] as? [Int]).map(String.init) }
        #expect(allocation.map { $0["node"] as? String } == ["dgx-01", "dgx-02"])
        let output = try String(contentsOfFile: centre.workDir + "/slurm-vars-\(job).out", encoding: .utf8)
        let lines = output.split(separator: "\n").map(String.init)
        let body = "body node=dgx-01 id=0 list=dgx-[01-02] head=dgx-01 nodes=2 ntasks=4 per-node=2(x2) cpus=4 gpus=4 "
            + "job=\(job) name=slurm-vars submit=\(centre.workDir) all=dgx-01 dgx-02 "
        #expect(lines.first == body, "the body runs once, first: \(output)")
        func task(_ rank: Int, _ node: Int) -> String {
            let local = rank % 2
            return "task rank=\(rank) local=\(local) node=\(node) host=dgx-0\(node + 1) step=0 ntasks=4 "
                + "master=dgx-01:29500 cuda=" + gpus[node][(local * 2)..<(local * 2 + 2)].joined(separator: ",")
        }
        #expect(Set(lines.dropFirst().prefix(4)) == [task(0, 0), task(1, 0), task(2, 1), task(3, 1)], "\(output)")
        #expect(Array(lines.dropFirst(5)) == ["srun: error: task 0: Exited with exit code 3", "srun exit=3"], "\(output)")
    }

    /// srun's -w (a step on a chosen node, Ray's pattern) and -K (a failed task ends the step at once).
    @Test func srunOnANamedNodeAndKillOnBadExit() async throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        try centre.startSchedd()
        try centre.startAgent("dgx-01", topology: AccountingTests.topology)
        try centre.startAgent("dgx-02", topology: AccountingTests.topology)
        let token = try centre.token(centre.user)
        let script = """
            #!/bin/bash
            #SBATCH --nodes=2
            #SBATCH --output=steps-%j.out
            srun --nodes=1 --ntasks=1 -w dgx-02 bash -c 'echo "on $SLURMD_NODENAME"'
            start=$SECONDS
            srun -K bash -c '[ "$SLURM_PROCID" = 0 ] && exit 4; sleep 60'
            echo "srun -K exit=$? after $((SECONDS - start))s"
            """
        try script.write(toFile: centre.workDir + "/steps.sh", atomically: true, encoding: .utf8)
        let submitted = try centre.aisubmit(["submit", "--parsable", "steps.sh"], token: token)
        let job = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try centre.aisubmit(["wait", "--timeout", "60", job], token: token).status == 0)
        let output = try String(contentsOfFile: centre.workDir + "/steps-\(job).out", encoding: .utf8)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "on dgx-02", "\(output)")
        let last = try #require(lines.last, "\(output)")
        #expect(last.hasPrefix("srun -K exit=137 after "), "the other task was killed: \(output)")
        let seconds = Int(last.split(separator: " ").last?.dropLast() ?? "") ?? 99
        #expect(seconds < 20, "not after the other task's 60 s: \(output)")
    }

    @Test func scontrolExpandsAndCompressesHostLists() throws {
        let centre = try TestCentre()
        defer { centre.shutdown() }
        let expanded = try centre.run("aisubmit", ["scontrol", "show", "hostnames", "gpu[01-03,07],login1"])
        #expect(expanded.stdout == "gpu01\ngpu02\ngpu03\ngpu07\nlogin1\n", "\(expanded.stderr)")
        let compressed = try centre.run("aisubmit", ["scontrol", "show", "hostlist", "gpu01,gpu02,gpu03"])
        #expect(compressed.stdout == "gpu[01-03]\n")
        let unknown = try centre.run("aisubmit", ["scontrol", "requeue", "42"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("show job [ID]"))
    }
}
