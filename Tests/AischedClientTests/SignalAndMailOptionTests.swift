import Testing
import SchedulerProtocol
@testable import AischedClient

/// `--signal`, `--mail-type` and `--mail-user` as `#SBATCH` directives: read with Slurm's rules, sent in their
/// canonical form, and every bad value refused with its line and what to write instead.
@Suite("Signal and mail options")
struct SignalAndMailOptionTests {
    private static func problems(_ options: String) -> [String] {
        scriptError("#!/bin/sh\n#SBATCH \(options)\n")?.all.map(\.message) ?? []
    }

    private static let signalHint = "write [B:]SIGNAL[@SECONDS], e.g. B:USR1@120 (a name such as USR1, SIGTERM or a "
        + "number from 1 to 64; SECONDS before the time limit, 0 to 65535, default 60)"
    private static let names = "HUP, INT, QUIT, ABRT, KILL, ALRM, TERM, CHLD, USR1, USR2, PIPE, URG, CONT, STOP, TSTP, "
        + "TTIN, TTOU, XCPU"

    @Test(arguments: [
        ("--signal=USR1", "USR1@60"),
        ("--signal=B:USR1@90", "B:USR1@90"),
        ("--signal=b:sigusr2@0", "B:USR2@0"),
        ("--signal=10@120", "USR1@120"),
        ("--signal SIGTERM@300", "TERM@300"),
        ("--signal=Term", "TERM@60"),
        ("--signal=34@5", "34@5"),
        ("--signal=B:XCPU@65535", "B:XCPU@65535"),
    ])
    func signalsAreSentInCanonicalForm(options: String, canonical: String) throws {
        let prepared = try BatchScript(parsing: "#!/bin/sh\n#SBATCH \(options)\n").prepare()
        #expect(prepared.submission.signal == canonical)
        #expect(prepared.warnings.isEmpty)
    }

    @Test(arguments: [
        ("--signal=FOO", #"--signal "FOO": "FOO" is not a signal (names: \#(names), with or without SIG); "# + signalHint),
        ("--signal=0", #"--signal "0": "0" is not a signal (names: \#(names), with or without SIG); "# + signalHint),
        ("--signal=65@1", #"--signal "65@1": "65" is not a signal (names: \#(names), with or without SIG); "# + signalHint),
        ("--signal=B:", #"--signal "B:": the signal is missing; "# + signalHint),
        ("--signal=USR1@soon", #"--signal "USR1@soon": "soon" after @ is not a number of seconds from 0 to 65535; "# + signalHint),
        ("--signal=USR1@70000", #"--signal "USR1@70000": "70000" after @ is not a number of seconds from 0 to 65535; "# + signalHint),
        ("--signal=X:USR1", #"--signal "X:USR1": "X:" is not B: or R: (B: signals only the batch shell); "# + signalHint),
        ("--signal=FOO@x", #"--signal "FOO@x": "FOO" is not a signal (names: \#(names), with or without SIG); "#
            + #""x" after @ is not a number of seconds from 0 to 65535; "# + signalHint),
    ])
    func badSignalsAreRefusedWithEveryProblem(options: String, message: String) {
        #expect(Self.problems(options) == [message])
        #expect(scriptError("#SBATCH \(options)\n")?.kind == .invalidValue)
    }

    @Test(arguments: ["--signal=R:USR1@60", "--signal=RB:USR1", "--signal=br:TERM@10"])
    func reservationOverlapIsRefusedAsUnsupported(options: String) {
        let error = scriptError("#SBATCH \(options)\n")
        #expect(error?.kind == .unsupported)
        #expect(error?.message.contains("R: lets a job overlap an advance reservation, and aisched has none; remove R:") == true)
    }

    @Test(arguments: [
        ("--mail-type=begin", "BEGIN"),
        ("--mail-type=END,FAIL", "END,FAIL"),
        ("--mail-type=fail,end,FAIL", "END,FAIL"),
        ("--mail-type=END,,FAIL", "END,FAIL"),
        ("--mail-type=ALL", "INVALID_DEPEND,BEGIN,END,FAIL,REQUEUE"),
        ("--mail-type=ARRAY_TASKS,ALL,TIME_LIMIT_80", "ARRAY_TASKS,INVALID_DEPEND,BEGIN,END,FAIL,REQUEUE,TIME_LIMIT_80"),
        ("--mail-type=TIME_LIMIT,TIME_LIMIT_90,TIME_LIMIT_50", "TIME_LIMIT_50,TIME_LIMIT_90,TIME_LIMIT"),
        ("--mail-type=NONE", "NONE"),
        ("--mail-type=BEGIN,none", "NONE"),
    ])
    func mailTypesAreSentInCanonicalForm(options: String, canonical: String) throws {
        let prepared = try BatchScript(parsing: "#!/bin/sh\n#SBATCH \(options)\n").prepare()
        #expect(prepared.submission.mailType == canonical)
        #expect(prepared.submission.mailUser == "")
        #expect(prepared.warnings.isEmpty)
    }

    @Test func badMailTypesAreRefusedAllAtOnce() {
        let hint = "write comma-separated words from NONE, BEGIN, END, FAIL, REQUEUE, ALL, INVALID_DEPEND, TIME_LIMIT, "
            + "TIME_LIMIT_90, TIME_LIMIT_80, TIME_LIMIT_50, ARRAY_TASKS, e.g. END,FAIL"
        #expect(Self.problems("--mail-type=BEGINN,END,FINISH")
                == [#"--mail-type "BEGINN,END,FINISH": "BEGINN" is not a mail type; "FINISH" is not a mail type; "# + hint])
        let stageOut = scriptError("#SBATCH --mail-type=END,STAGE_OUT\n")
        #expect(stageOut?.kind == .unsupported)
        #expect(stageOut?.message == #"--mail-type "END,STAGE_OUT": STAGE_OUT reports a burst buffer's stage-out, "#
                + "and aisched has no burst buffers; remove it (END tells you the job ended); " + hint)
        #expect(Self.problems("--mail-type=,") == [#"--mail-type ",": no mail type is given; "# + hint])
    }

    @Test(arguments: [("--mail-user=ada@hku.hk", "ada@hku.hk"), ("--mail-user=chan.taiman", "chan.taiman"),
                      ("--mail-user=%u@asu.edu", "%u@asu.edu")])
    func mailUsersAreTakenAsWritten(options: String, user: String) throws {
        #expect(try submission("#SBATCH \(options)\n").mailUser == user)
    }

    @Test(arguments: [
        ("--mail-user=-oProxyCommand", #"--mail-user "-oProxyCommand": an address cannot start with -; "#),
        (#"--mail-user="a b""#, #"--mail-user "a b": an address cannot hold spaces or control characters; "#),
    ])
    func mailUsersThatAMailCommandCouldMisreadAreRefused(options: String, start: String) {
        #expect(Self.problems(options) == [start + "give a mail address or a user name, e.g. ada@example.org"])
    }

    @Test func everyProblemOfTheseOptionsComesAtOnceWithItsLine() {
        let script = "#!/bin/sh\n#SBATCH --signal=USR9\n#SBATCH --mail-type=BEGIN,ENDS\n#SBATCH --mail-user=-x\n"
        #expect(scriptError(script)?.all.map(\.line) == [2, 3, 4])
    }

    @Test func theCommandLineWinsAndNoneSilencesTheScript() throws {
        let script = "#!/bin/sh\n#SBATCH --mail-type=ALL --signal=B:USR1@300\n"
        let cli = try SubmitCommandLine.parse(["--mail-type=NONE", "--signal=TERM", "job.sh"])
        let job = try cli.prepareScript(text: script).submission
        #expect(job.mailType == "NONE")
        #expect(job.signal == "TERM@60")
    }

    @Test func sbatchSignalIsRead() throws {
        let options = try SbatchEnvironment.options(from: ["SBATCH_SIGNAL": "B:USR1@30"])
        #expect(options.signal == "B:USR1@30")
        #expect(throws: BatchScriptError.self) { try SbatchEnvironment.options(from: ["SBATCH_SIGNAL": "USR1@later"]) }
    }
}
