import AischedClient
import Foundation

/// The Slurm commands a job's script may call (`srun`, `scontrol`, and `sbatch`, `squeue`, `scancel`, `sinfo` for
/// scripts that submit or watch other jobs), as small wrappers in the agent's spool (`<spool>/bin/scontrol`) that
/// run aisched's implementation (`aisubmit scontrol …`, from `SlurmCommandNames`). The directory goes first on every job's PATH, so
/// `MASTER_ADDR=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)` works unchanged.
enum SlurmTools {

    /// Writes the wrappers next to the spool and returns their directory, or why not (the agent logs it and jobs
    /// run without them). `aisubmit` is looked for beside this agent's own binary, where builds and packages put it.
    static func install(spoolDirectory: String) -> Result<String, ToolsUnavailable> {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let aisubmit = own.appendingPathComponent("aisubmit").path
        guard FileManager.default.isExecutableFile(atPath: aisubmit) else {
            return .failure(ToolsUnavailable(reason: "no aisubmit beside \(own.path)"))
        }
        let directory = spoolDirectory + "/bin"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o755])
            for command in SlurmCommandNames.all {
                let words = SlurmCommandNames.aisubmitWords(for: command, insideJob: true)!.joined(separator: " ")
                let text = "#!/bin/sh\n# aisched's \(command) (written by the node agent)\nexec '\(aisubmit)' \(words) \"$@\"\n"
                let path = directory + "/" + command
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            }
        } catch {
            return .failure(ToolsUnavailable(reason: "cannot write \(directory): \(error)"))
        }
        return .success(directory)
    }
}

struct ToolsUnavailable: Error, CustomStringConvertible {
    var reason: String
    var description: String { "Slurm commands for jobs unavailable: \(reason)" }
}
