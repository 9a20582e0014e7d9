import SchedulerCore

/// `--signal`, `--mail-type` and `--mail-user`: read with the core's own rules (which schedd applies again), so a
/// script learns of a bad value with its line, together with its other problems, before anything is sent.
extension SubmitOptionTable {
    static let applySignal: Apply = { o, value, u throws(BatchScriptError) in
        switch WarningSignal.parse(value ?? "") {
        case .success(let warning): try o.record(\.signal, warning.description, as: .signal, u)
        case .failure(let problem): throw u.invalid(problem.explanation, kind: problem.isUnsupported ? .unsupported : .invalidValue)
        }
    }

    static let applyMailType: Apply = { o, value, u throws(BatchScriptError) in
        switch MailType.parseList(value ?? "") {
        case .success(let types): try o.record(\.mailType, MailType.text(types), as: .mailType, u)
        case .failure(let problem): throw u.invalid(problem.explanation, kind: problem.isUnsupported ? .unsupported : .invalidValue)
        }
    }

    /// Taken as written, as Slurm does (`%u` is not expanded: Slurm passes it on as it is too).
    static let applyMailUser: Apply = { o, value, u throws(BatchScriptError) in
        if let problem = MailRequest.userProblem(value ?? "") { throw u.invalid(problem.explanation) }
        try o.record(\.mailUser, value ?? "", as: .mailUser, u)
    }
}
