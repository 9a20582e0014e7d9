import Testing
@testable import SchedulerCore

extension Effects {
    /// The mail notices, as (job, event) pairs in order.
    var mail: [MailNotice] { outbound.compactMap { if case let .notify(notice) = $0 { notice } else { nil } } }
}

extension TestCluster {
    var mail: [MailNotice] { log.flatMap(\.mail) }
    var mailEvents: [String] { mail.map { "\($0.job) \($0.event.rawValue)" } }
}

/// `--mail-type`: which of a job's changes the centre's notifier is run for, as Slurm decides it.
@Suite("Job mail")
struct MailTests {
    static let withMail = SchedulerSettings(mailAvailable: true)

    static func spec(_ types: [MailType], user: String? = nil, minutes: Int64? = nil, name: String = "train",
                     array: String? = nil) -> JobSpec {
        var spec = JobSpec.make(name: name, timeLimit: minutes.map { .minutes($0) })
        spec.mail = MailRequest(types: types, user: user)
        spec.array = array
        return spec
    }

    // MARK: - Which change calls for which mail (MailTrigger as a table)

    @Test(arguments: [
        ([MailType.begin], JobState.pending, JobState.running, [MailType.begin]),
        ([.end], .pending, .running, []),
        ([.begin], .pending, .pending, []),                      // held, released, submitted
        ([.end], .running, .completed, [.end]),
        ([.end], .running, .failed, [.end]),                     // END alone reports failures too
        ([.end], .running, .cancelled, [.end]),
        ([.end], .pending, .cancelled, [.end]),                  // cancelled before it ran
        ([.fail], .running, .completed, []),
        ([.fail], .running, .failed, [.fail]),
        ([.fail], .running, .timeout, [.fail]),
        ([.fail], .running, .nodeFail, [.fail]),
        ([.fail], .running, .cancelled, []),                     // a cancel is not a failure
        ([.fail], .pending, .cancelled, []),
        ([.end, .fail], .running, .failed, [.fail]),             // one mail per end: FAIL wins
        ([.end, .fail], .running, .timeout, [.fail]),
        ([.end, .fail], .running, .completed, [.end]),
        ([.end, .fail], .running, .cancelled, [.end]),
        ([.requeue], .running, .pending, [.requeue]),            // preempted, or its node lost the launch
        ([.end, .fail], .running, .pending, []),                 // a requeue is not an end
        (MailType.all, .running, .pending, [.requeue]),
        (MailType.all, .pending, .running, [.begin]),
        (MailType.all, .running, .nodeFail, [.fail]),
        ([.timeLimit, .timeLimit90, .invalidDepend, .arrayTasks], .running, .timeout, []),
    ] as [([MailType], JobState, JobState, [MailType])])
    func changesAndTheMailTheyCallFor(types: [MailType], from old: JobState, to new: JobState, expected: [MailType]) {
        #expect(MailTrigger.events(MailRequest(types: types), from: old, to: new) == expected)
    }

    // MARK: - Through the scheduler

    @Test func aJobIsToldWhenItBeginsAndEnds() {
        var cluster = TestCluster(settings: Self.withMail)
        cluster.addNode("n1")
        let id = cluster.submit(Self.spec([.begin, .end], minutes: 10))
        cluster.confirmLaunch(id)
        cluster.setClock(cluster.now + .seconds(3_723))
        cluster.exit(id, on: "n1", code: 0)
        #expect(cluster.mailEvents == ["\(id) BEGIN", "\(id) END"])
        guard cluster.mail.count == 2 else { return }
        let end = cluster.mail[1]
        #expect(end.subject == "aisched Job_id=\(id) Name=train Ended, Run time 01:02:03, COMPLETED, ExitCode 0")
        #expect(end.recipient == "alice")
        #expect(end.environment["SLURM_JOB_MAIL_TYPE"] == "Ended")
        #expect(end.environment["AISCHED_MAIL_EVENT"] == "END")
        #expect(end.environment["SLURM_JOB_STATE"] == "COMPLETED")
        #expect(end.environment["SLURM_JOB_RUN_TIME"] == "01:02:03")
        #expect(end.environment["SLURM_JOB_EXIT_CODE_MAX"] == "0")
        #expect(end.environment["SLURM_JOB_NODELIST"] == "n1")
        #expect(cluster.mail[0].subject == "aisched Job_id=\(id) Name=train Began, Queued time 00:00:00")
    }

    @Test func theMailGoesOutWithTheTransitionThatCausedIt() {
        var cluster = TestCluster(settings: Self.withMail)
        cluster.addNode("n1")
        let id = cluster.submit(Self.spec([.end], user: "ada@hku.hk"))
        let fx = cluster.exit(id, on: "n1", code: 2)
        #expect(fx.mail.map(\.event) == [.end])
        #expect(fx.transitions.contains(.jobHistoryAppended(id, StateChange(at: cluster.now, state: .failed,
                                                                            reason: "Exit code 2 on n1"))))
        #expect(fx.mail.first?.recipient == "ada@hku.hk")
        #expect(fx.mail.first?.subject == "aisched Job_id=\(id) Name=train Ended, Run time 00:00:00, FAILED, ExitCode 2")
    }

    @Test func aJobWithoutMailTypesIsNeverMailed() {
        var cluster = TestCluster(settings: Self.withMail)
        cluster.addNode("n1")
        let id = cluster.submit(Self.spec([], user: "ada@hku.hk")) // --mail-user alone: Slurm sends nothing
        cluster.exit(id, on: "n1", code: 0)
        #expect(cluster.mail.isEmpty)
    }

    @Test func timeLimitMailsComeAtTheirShareOfTheLimitOnceEach() {
        var cluster = TestCluster(settings: Self.withMail)
        cluster.addNode("n1")
        let id = cluster.submit(Self.spec([.timeLimit50, .timeLimit80, .timeLimit90, .timeLimit, .fail], minutes: 10))
        cluster.confirmLaunch(id)
        /// The node stays alive while the clock moves to `at` (seconds after the start), then the timer fires.
        func tick(_ at: Int64) {
            cluster.setClock(TestCluster.epoch + .seconds(at))
            cluster.heartbeat("n1")
            cluster.handle(.timerFired)
        }
        #expect(cluster.scheduler.plan.mailMark.peek == .some(TestCluster.epoch + .minutes(5)))
        tick(299)
        #expect(cluster.mail.isEmpty)
        tick(300)
        #expect(cluster.mailEvents == ["\(id) TIME_LIMIT_50"])
        #expect(cluster.scheduler.plan.mailMark.peek == .some(TestCluster.epoch + .minutes(8)))
        #expect(cluster.lastEffects.wakeAt ?? .zero <= TestCluster.epoch + .minutes(8))
        tick(540) // 9 min: 80 and 90 % at once, each once
        tick(570)
        #expect(cluster.mailEvents == ["\(id) TIME_LIMIT_50", "\(id) TIME_LIMIT_80", "\(id) TIME_LIMIT_90"])
        #expect(cluster.mail.dropFirst().first?.subject
                == "aisched Job_id=\(id) Name=train Reached 80% of time limit, Run time 00:09:00")
        // The agent's report of the time-out may come before the tick at the limit: TIME_LIMIT still goes first.
        cluster.setClock(TestCluster.epoch + .minutes(10))
        cluster.exit(id, on: "n1", code: 143, signal: 15, timedOut: true)
        #expect(cluster.mailEvents.suffix(2) == ["\(id) TIME_LIMIT", "\(id) FAIL"])
        #expect(cluster.job(id).mailsSent == [.timeLimit50, .timeLimit80, .timeLimit90, .timeLimit])
        #expect(cluster.mail.last?.subject == "aisched Job_id=\(id) Name=train Failed, Run time 00:10:00, TIMEOUT")
    }

    @Test func aJobWithoutTimeLimitMailsAsksForNoWakeUps() {
        var cluster = TestCluster(settings: Self.withMail)
        cluster.addNode("n1")
        let id = cluster.submit(Self.spec([.end], minutes: 10))
        cluster.confirmLaunch(id)
        #expect(cluster.scheduler.plan.mailMark.peek == .some(nil))
    }

    @Test func aNeverSatisfiableDependencyIsMailedOnce() {
        var cluster = TestCluster(settings: Self.withMail)
        cluster.addNode("n1")
        let first = cluster.submit()
        var spec = Self.spec([.invalidDepend])
        spec.dependency = "afterok:\(first)"
        let second = cluster.submit(spec)
        cluster.exit(first, on: "n1", code: 1)
        #expect(cluster.job(second).reason == PendingReason.dependencyNeverSatisfied.rawValue)
        cluster.advance(by: .minutes(5)) // later cycles do not mail it again
        cluster.submit()
        #expect(cluster.mailEvents == ["\(second) INVALID_DEPEND"])
        #expect(cluster.mail.first?.subject == "aisched Job_id=\(second) Name=train Invalid dependency")
        #expect(cluster.job(second).mailsSent == [.invalidDepend])
    }

    @Test func aRequeueAfterPreemptionOrALostLaunchIsMailed() {
        var cluster = TestCluster(settings: Self.withMail)
        cluster.addNode("n1")
        let id = cluster.submit(Self.spec([.requeue, .end]))
        cluster.disconnect("n1")
        cluster.advance(by: .minutes(2)) // the node goes down before the job started: requeued
        #expect(cluster.job(id).state == .pending)
        #expect(cluster.mailEvents == ["\(id) REQUEUE"])
    }

    // MARK: - Arrays

    @Test func anArrayIsReportedAsAWholeUnlessArrayTasksIsAsked() {
        for (types, expected) in [
            ([MailType.begin, .end], ["1 BEGIN", "1 END"]),
            ([.begin, .end, .arrayTasks], ["1 BEGIN", "2 BEGIN", "3 BEGIN", "1 END", "2 END", "3 END"]),
        ] {
            var cluster = TestCluster(settings: Self.withMail)
            cluster.addNode("n1")
            let first = cluster.submit(Self.spec(types, array: "0-2"))
            #expect(first == JobID(1))
            for id in (1...3).map({ JobID(UInt64($0)) }) { cluster.exit(id, on: "n1", code: 0) }
            #expect(cluster.mailEvents == expected, "\(types)")
            if !types.contains(.arrayTasks) {
                #expect(cluster.mail.map(\.subject) == ["aisched Array Summary Job_id=1_* (1) Name=train Began",
                                                        "aisched Array Summary Job_id=1_* (1) Name=train Ended, COMPLETED, ExitCode [0-0]"])
            } else if cluster.mail.count > 1 {
                #expect(cluster.mail[1].subject.hasPrefix("aisched Array Task Job_id=1_1 (2) Name=train Began"))
            }
        }
    }

    /// Slurm's summary looks at exit codes: FAIL when a task exited non-zero, with the range of codes.
    @Test func anArraysSummaryFailsWhenATaskExitedNonZero() {
        var cluster = TestCluster(settings: Self.withMail)
        cluster.addNode("n1")
        let first = cluster.submit(Self.spec([.end, .fail], array: "1-3"))
        for (offset, code) in [(0, Int32(0)), (1, 3), (2, 0)] {
            cluster.exit(JobID(first.rawValue + UInt64(offset)), on: "n1", code: code)
        }
        #expect(cluster.mailEvents == ["\(first) FAIL"])
        #expect(cluster.mail.first?.subject == "aisched Array Summary Job_id=\(first)_* (\(first)) Name=train Failed, Mixed, ExitCode [0-3]")
        #expect(cluster.mail.first?.environment["SLURM_JOB_EXIT_CODE_MAX"] == "3")
    }

    @Test func cancellingAWholeArrayMailsOnceAtTheEnd() {
        var cluster = TestCluster(settings: Self.withMail)
        cluster.addNode("n1", cpus: 1)
        let first = cluster.submit(Self.spec([.end], array: "0-3"))
        _ = cluster.cancel(first)
        #expect(cluster.mailEvents == ["\(first) END"])
        #expect(cluster.mail.first?.environment["SLURM_JOB_STATE"] == "CANCELLED")
    }

    // MARK: - Submission

    @Test func mailIsRefusedWhereTheCentreCannotSendIt() {
        var cluster = TestCluster()
        guard case .failure(let rejection) = cluster.trySubmit(Self.spec([.end, .fail])) else {
            Issue.record("a job asking for mail was accepted on a centre without a mail command")
            return
        }
        #expect(rejection.message == "this centre sends no job mail: schedd runs without a notifier command, so "
                + "--mail-type END,FAIL would never be honoured")
        #expect(rejection.hint.contains("--mail-command"))
        // Asking for none (NONE, or a recipient alone) is fine anywhere.
        #expect(cluster.trySubmit(Self.spec([], user: "ada@hku.hk")).isSuccess)
    }

    @Test func aMailUserThatCouldBeMisreadAsAnOptionIsRefused() {
        var cluster = TestCluster(settings: Self.withMail)
        guard case .failure(let rejection) = cluster.trySubmit(Self.spec([.end], user: "-t")) else {
            Issue.record("accepted")
            return
        }
        #expect(rejection.message == "--mail-user \"-t\": an address cannot start with -")
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
