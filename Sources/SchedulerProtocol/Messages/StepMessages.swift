// Job steps: `srun` inside a running job starts tasks on the job's nodes through schedd and the node agents.
//
// `srun` → schedd: `runStep`; schedd → each agent of the step: `startStep` (push); agents → schedd: `stepOutput`
// and `stepTaskExited`; schedd → `srun`: `stepOutput` pushes, then `stepEnded` as the reply to `runStep`.

extension StepTaskExited {
    /// A task that could not start, or whose end cannot be known: exit code 1, and why.
    public static func failed(jobID: UInt64, stepID: UInt32, rank: UInt32, why: String) -> StepTaskExited {
        var exit = StepTaskExited()
        exit.jobID = jobID
        exit.stepID = stepID
        exit.rank = rank
        exit.exitCode = 1
        exit.message = why
        return exit
    }
}
