import NIOCore
import SchedulerCore
import SchedulerProtocol

/// `srun` inside a job: a step is laid out by the core (`StepPlan`) on the job as last committed, then run by the
/// `StepRelay`. Only the job's owner (or an admin) may start steps in it.
struct StepRequests {
    let service: SchedulerService
    let steps: StepRelay

    func handle(_ frame: Frame, _ principal: Principal, _ channel: any Channel) async throws -> Frame {
        if frame.kind == .signalStep {
            steps.signal(try frame.decode(SignalStep.self), from: channel)
            return Frame(kind: .signalStepReply, requestID: frame.requestID, message: Ack())
        }
        let request = try frame.decode(RunStep.self)
        guard !request.argv.isEmpty else {
            throw ErrorReply(code: .invalidRequest, message: "srun needs a command", hint: "srun [options] COMMAND [ARGS…]")
        }
        let id = JobID(request.jobID)
        let (job, masterAddress) = try await service.read { scheduler -> Result<(Job, String), Rejection> in
            scheduler.job(id, visibleTo: principal).flatMap { job in
                guard principal.mayControl(job) else {
                    return .failure(Rejection(.permissionDenied, "job \(id) is not yours, so you cannot start tasks in it"))
                }
                let first = job.allocation?.nodes.first?.node ?? ""
                return .success((job, scheduler.state.nodes[first]?.inventory.address ?? first))
            }
        }.mapError(WireMapping.errorReply).get()
        let plan = try StepPlan.make(job: job, stepID: Int(steps.nextStepID(of: id)), request: Self.stepRequest(request),
                                     masterAddress: masterAddress).mapError(WireMapping.errorReply).get()
        let ended = await steps.run(plan, job: job, request: request, channel: channel)
        return Frame(kind: .stepEnded, requestID: frame.requestID, message: ended)
    }

    static func stepRequest(_ message: RunStep) -> StepRequest {
        func given(_ value: UInt32) -> Int? { value == 0 ? nil : Int(value) }
        return StepRequest(tasks: given(message.ntasks), tasksPerNode: given(message.ntasksPerNode),
                           nodes: given(message.nodes), cpusPerTask: given(message.cpusPerTask),
                           gpusPerTask: given(message.gpusPerTask))
    }
}
