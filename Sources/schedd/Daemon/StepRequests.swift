import NIOCore
import SchedulerCore
import SchedulerProtocol

/// `srun` inside a job: a step is laid out by the core (`StepPlan`) on the job as last committed, then run by the
/// `StepRelay`. Only the job's owner (or an admin) may start steps in it.
struct StepRequests {
    let service: SchedulerService
    let queries: QueryPool
    let steps: StepRelay

    /// Signals the tasks of the steps this connection started (srun interrupted).
    func signalStep(_ frame: Frame, _ channel: any Channel) throws -> Frame {
        steps.signal(try frame.decode(SignalStep.self), from: channel)
        return Frame(kind: .signalStepReply, requestID: frame.requestID, message: Ack())
    }

    func runStep(_ frame: Frame, _ principal: Principal, _ channel: any Channel) async throws -> Frame {
        let request = try frame.decode(RunStep.self)
        guard !request.argv.isEmpty else {
            throw ErrorReply(code: .invalidRequest, message: "srun needs a command", hint: "srun [options] COMMAND [ARGS…]")
        }
        // A step's command and environment go to execve like a job's: the same rule (a NUL would cut them short).
        var texts = SubmissionTexts()
        texts.argv = request.argv
        texts.environment = request.environment
        texts.workdir = request.workdir
        let problems = texts.problems(scriptBytes: nil)
        if !problems.isEmpty {
            throw ErrorReply(code: .invalidRequest, message: "srun: " + problems.joined(separator: "; "),
                             hint: SubmissionTexts.hint)
        }
        let id = JobID(request.jobID)
        let client = QueryPool.Client(principal, on: channel)
        let (job, masterAddress, topologies) = try await queries.read(for: client) { scheduler -> Result<(Job, String, [String: NodeTopology]), Rejection> in
            scheduler.job(id, visibleTo: principal).flatMap { job in
                guard principal.mayControl(job) else {
                    return .failure(Rejection(.permissionDenied, "job \(id) is not yours, so you cannot start tasks in it"))
                }
                let first = job.allocation?.nodes.first?.node ?? ""
                let names = job.allocation?.nodeNames ?? []
                let topologies = Dictionary(uniqueKeysWithValues: names.compactMap { name in
                    scheduler.state.nodes[name].map { (name, $0.inventory.topology) }
                })
                return .success((job, scheduler.state.nodes[first]?.inventory.address ?? first, topologies))
            }
        }.mapError(WireMapping.errorReply).get()
        let plan = try StepPlan.make(job: job, stepID: Int(steps.nextStepID(of: id)), request: Self.stepRequest(request),
                                     masterAddress: masterAddress, topologies: topologies)
            .mapError(WireMapping.errorReply).get()
        let ended = await steps.run(plan, job: job, request: request, channel: channel)
        return Frame(kind: .stepEnded, requestID: frame.requestID, message: ended)
    }

    /// Ends an interactive allocation now, or arranges for it to be cancelled if this connection closes first.
    func endAllocation(_ frame: Frame, _ principal: Principal, _ channel: any Channel) async throws -> Frame {
        let request = try frame.decode(EndAllocation.self)
        let id = JobID(request.jobID)
        if request.whenConnectionCloses {
            _ = try await queries.read(for: QueryPool.Client(principal, on: channel)) { scheduler -> Result<Job, Rejection> in
                scheduler.job(id, visibleTo: principal).flatMap { job in
                    job.spec.interactive == true && principal.mayControl(job) ? .success(job)
                        : .failure(Rejection(.conflict, "job \(id) is not an interactive allocation of yours"))
                }
            }.mapError(WireMapping.errorReply).get()
            steps.watch(id, owner: principal, on: channel)
            return Frame(kind: .endAllocationReply, requestID: frame.requestID,
                         message: WireMapping.actionReply([JobActionOutcome(jobID: id)]))
        }
        steps.unwatch(id, on: channel)
        let reply = await service.perform { .allocationEnded(id, exitCode: request.exitCode, by: principal, request: $0) }
        return try frame.respond(.endAllocationReply, with: reply)
    }

    static func stepRequest(_ message: RunStep) -> StepRequest {
        func given(_ value: UInt32) -> Int? { value == 0 ? nil : Int(value) }
        return StepRequest(tasks: given(message.ntasks), tasksPerNode: given(message.ntasksPerNode),
                           nodes: given(message.nodes), cpusPerTask: given(message.cpusPerTask),
                           gpusPerTask: given(message.gpusPerTask), nodeList: message.nodeList)
    }
}
