import SchedulerCore
import SchedulerStore

/// Refuses new work while the state database is short of room, instead of acknowledging what it might not be able
/// to store. A commit that fails anyway (an I/O error, a disk filled by something else between two checks) still
/// stops schedd (`SchedulerService`): then nobody was told, and a restart reloads what is on disk.
///
/// Room is measured before each batch that holds submissions: the file system's free space and, with
/// `maxDatabaseMB`, what is left under that cap. A submission is admitted only if, after everything admitted before
/// it in the batch, `reserveBytes` would still be left: jobs already accepted keep room to start, end and be charged.
struct StorageGuard: Sendable {
    let store: StateStore
    /// `storageReserveMB`.
    let reserveBytes: Int64

    /// One batch's admissions: the room measured once, then each submission's estimate taken from it.
    struct Admission {
        let room: StorageRoom?
        let failure: String?
        var admitted: Int64 = 0
    }

    func startBatch() -> Admission {
        do {
            return Admission(room: try store.room(), failure: nil)
        } catch {
            return Admission(room: nil, failure: "\(error)")
        }
    }

    /// nil when `spec` fits; else the refusal its submitter gets (nothing is stored).
    func refusal(of spec: JobSpec, in admission: inout Admission) -> Rejection? {
        guard let room = admission.room else {
            return refusal(admission.failure ?? "its free space cannot be measured")
        }
        let needed = Self.estimate(spec)
        let left = room.bytes - admission.admitted - needed
        guard left < reserveBytes else {
            admission.admitted += needed
            return nil
        }
        let reason: String
        if let database = room.databaseFreeBytes, database <= room.diskFreeBytes, let cap = store.maximumBytes {
            reason = "its database has \(Self.size(database)) left of its \(Self.size(cap)) maximum (maxDatabaseMB)"
        } else {
            reason = "its disk has \(Self.size(room.diskFreeBytes)) free"
        }
        return refusal(reason + ", and it keeps \(Self.size(reserveBytes)) in reserve (storageReserveMB) for the jobs "
                       + "it already holds" + (needed > 1 << 20 ? "; this submission needs about \(Self.size(needed))" : ""))
    }

    private func refusal(_ reason: String) -> Rejection {
        Rejection(.unavailable,
                  "schedd cannot store new work: \(reason); an admin must free space in \(store.directory ?? "its state directory")",
                  hint: "nothing was stored; submit again once there is room (repeating the same command is safe)")
    }

    /// What a submission adds to the database, roughly: its script once, and per job (each array task) its row,
    /// its texts and its history.
    static func estimate(_ spec: JobSpec) -> Int64 {
        let tasks = spec.array.flatMap { try? ArraySpec.parse($0).get().taskIDs.count } ?? 1
        let texts = spec.argv + spec.environment + (spec.inheritedEnvironment ?? [])
            + [spec.name, spec.workdir, spec.stdoutPath, spec.stderrPath, spec.comment ?? ""]
        let perJob = Int64(texts.reduce(0) { $0 + $1.utf8.count }) + 4096
        return Int64(spec.script?.utf8.count ?? 0) + Int64(tasks) * perJob
    }

    static func size(_ bytes: Int64) -> String {
        switch bytes {
        case 10 << 20 ..< .max: "\(bytes >> 20) MiB"
        case 10 << 10 ..< 10 << 20: "\(bytes >> 10) KiB"
        default: "\(max(0, bytes)) bytes"
        }
    }
}
