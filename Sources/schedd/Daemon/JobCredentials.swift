import Foundation
import SchedulerAuth
import SchedulerCore

/// The token a job's processes find in `AISCHED_TOKEN`: the owner's own rights, for as long as the job may run, so
/// `srun`, `scontrol` and `aisubmit` work inside the job without the owner's personal token (which `--export` never
/// passes on). Made at launch and never stored: only the job's processes and its node's spool see it.
struct JobCredentials: Sendable {
    let signer: TokenSigner

    /// Job tokens are named after their job, so connections made with one are counted per job.
    static let tokenIDPrefix = "job-"

    /// The job a token id names, if it is a job's token.
    static func job(ofTokenID id: String) -> JobID? {
        guard id.hasPrefix(tokenIDPrefix) else { return nil }
        return UInt64(id.dropFirst(tokenIDPrefix.count)).map { JobID($0) }
    }

    /// One hour past the time limit; a job without one gets 30 days (it is issued again at every launch).
    func token(for job: Job, now: Date = Date()) -> String? {
        let issued = Int64(now.timeIntervalSince1970)
        let limit = (job.spec.request.timeLimit?.milliseconds ?? 0) / 1000
        let lifetime = limit > 0 ? limit + 3600 : 30 * 86_400
        return try? signer.issue(TokenClaims(user: job.spec.user, role: "user", issuedAt: issued,
                                             expiresAt: issued + lifetime, tokenID: Self.tokenIDPrefix + "\(job.id)"))
    }
}
