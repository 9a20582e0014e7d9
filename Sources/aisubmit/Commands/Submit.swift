import AischedClient
import ArgumentParser
import Foundation
import SchedulerCore
import SchedulerProtocol

/// `aisubmit submit [options] SCRIPT [ARGS…]` or `aisubmit submit [options] -- COMMAND [ARGS…]`.
///
/// Options are parsed by `SubmitCommandLine`, the same table that reads `#AISUBMIT`/`#SBATCH` directives, so a
/// flag means the same on the command line and in a script. Without a script or command the script is read
/// from standard input, as sbatch does.
struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a batch script or a command.",
        discussion: """
            Options (also usable as #AISUBMIT or #SBATCH lines in a script):
              -J, --job-name NAME      -A, --account/--project P   -D, --chdir DIR
              -o, --output FILE        -e, --error FILE            -N, --nodes N
              -c, --cpus-per-task N    --ntasks-per-node N         --mem SIZE (per node, e.g. 64G)
              --gpus-per-node [MODEL:]N   --gres gpu[:MODEL]:N     --mem-per-gpu SIZE
              -t, --time D-HH:MM:SS    --exclusive   -H, --hold   -q, --qos Q   --export NAME=V,...
              -a, --array 0-99%10|1,3,5|0-15:4   (one job per task; AISCHED_ARRAY_TASK_ID, %A/%a in -o)
              -d, --dependency afterok:ID[:ID],afterany:ID,afternotok:ID,singleton
              -b, --begin now+1hour|16:00|2027-01-15T08:30   (not before then; pending with BeginTime)
            Plus --json, --server, --token, --token-file, --request-timeout.
            """)

    @Argument(parsing: .captureForPassthrough, help: "Options, then SCRIPT [ARGS…] or -- COMMAND [ARGS…].")
    var words: [String] = []

    func run() async throws {
        let json = words.prefix { $0 != "--" }.contains("--json")
        let commandLine: SubmitCommandLine
        do {
            commandLine = try SubmitCommandLine.parse(Self.removingFlag("--json", from: words))
        } catch {
            throw Self.fail(error.diagnostic)
        }
        if commandLine.helpRequested {
            print(Self.helpMessage())
            return
        }
        let prepared = try prepare(commandLine)
        for warning in prepared.warnings {
            FileHandle.standardError.write(Data("aisubmit: warning: \(warning)\n".utf8))
        }
        var submission = prepared.submission
        if let begin = prepared.begin {
            do { submission.beginTimeMs = try BeginTime.parse(begin, now: Date()) } catch { throw Self.fail(error.description) }
        }
        submission.array = prepared.array ?? ""
        submission.dependency = prepared.dependency ?? ""
        // Checked here, with schedd's own rules, so every problem shows at once and nothing is sent in vain.
        let problems = SubmissionCheck.problems(in: submission)
        if !problems.isEmpty {
            throw Self.fail(problems.joined(separator: "\naisubmit: ") + "\nhint: " + SubmissionTexts.hint)
        }
        // One key per invocation: if the answer is lost, the retry with it returns the job instead of a second one.
        submission.submissionKey = RetryingSubmit.newKey()
        let flags = commandLine.connection
        let info = try await Client.call(flags) { rpc -> JobInfo in
            let (id, live) = try await RetryingSubmit.submit(submission, on: rpc) {
                try await ConnectionOptions.connect(flags)
            }
            var query = QueryJobs()
            query.jobIDs = [id]
            query.includeHistory = true
            let jobs = try await live.request(.queryJobs, query, expecting: .jobList, as: JobList.self).jobs
            if live !== rpc { await live.close() }
            return jobs.first ?? { var i = JobInfo(); i.id = id; return i }()
        }
        // sbatch's words exactly: scripts take the id with `awk '{print $4}'`, or `--parsable` for the id alone.
        print(json ? JobJSON.render(JobJSON(info: info)) : prepared.parsable ? "\(info.id)" : "Submitted batch job \(info.id)")
    }

    private func prepare(_ commandLine: SubmitCommandLine) throws -> PreparedSubmission {
        let context = SubmissionContext(environment: ProcessInfo.processInfo.environment,
                                        currentDirectory: FileManager.default.currentDirectoryPath,
                                        hostName: ProcessInfo.processInfo.hostName)
        do {
            if commandLine.positionalAfterDoubleDash {
                guard !commandLine.positional.isEmpty else { throw Self.fail("no command after --") }
                return try commandLine.prepareCommand(context: context)
            }
            let text: String
            if let wrap = commandLine.wrap {
                guard commandLine.positional.isEmpty else {
                    throw Self.fail("give either --wrap or a script, not both (the words after the options: \(commandLine.positional.joined(separator: " ")))")
                }
                var context = context
                context.defaultJobName = "wrap"  // sbatch's name for a wrapped command
                return try commandLine.prepareScript(text: "#!/bin/sh\n\(wrap)\n", context: context)
            } else if let path = commandLine.positional.first {
                guard let contents = FileManager.default.contents(atPath: path) else {
                    throw Self.fail("cannot read batch script \(path) (to run a command, put it after --)")
                }
                text = String(decoding: contents, as: UTF8.self)
            } else {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                guard !text.isEmpty else { throw Self.fail("no script or command given (see aisubmit submit --help)") }
            }
            return try commandLine.prepareScript(text: text, context: context)
        } catch let error as BatchScriptError {
            throw Self.fail(error.diagnostic)
        }
    }

    static func removingFlag(_ flag: String, from words: [String]) -> [String] {
        guard let end = words.firstIndex(of: "--") else { return words.filter { $0 != flag } }
        return words[..<end].filter { $0 != flag } + words[end...]
    }

    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("aisubmit: \(message)\n".utf8))
        return ExitCode(2)
    }
}
