import Testing
@testable import SchedulerCore

/// squeue's filters in the core: whose jobs (`-u`, visibility), which ones (`-j`, arrays as one unit), in which
/// states (`-t`, with COMPLETING).
@Suite struct JobQueryTests {
    /// alice: a running job, a 3-task array (tasks 0-2, pending: the node is full), a cancelled job whose process is
    /// still being stopped, and a completed one; bob: one pending job.
    struct Queue {
        var cluster = TestCluster()
        var running = JobID(0), array: [JobID] = [], stopping = JobID(0), completed = JobID(0), bobs = JobID(0)

        init() {
            cluster.addNode("n", cpus: 4)
            completed = cluster.submit(cpus: 1)
            cluster.confirmLaunch(completed)
            cluster.exit(completed, on: "n")
            running = cluster.submit(cpus: 2)
            cluster.confirmLaunch(running)
            stopping = cluster.submit(cpus: 2)
            cluster.confirmLaunch(stopping)
            _ = cluster.cancel(stopping)
            var spec = JobSpec.make(cpus: 4)
            spec.array = "0-2"
            let first = cluster.submit(spec) // before reading the state: it changes it
            array = cluster.state.tasks(ofArray: first)
            bobs = cluster.submit(user: "bob", cpus: 4)
        }

        func ids(_ query: JobQuery, as principal: Principal = .user("alice")) -> [JobID]? {
            try? cluster.scheduler.jobs(matching: query, visibleTo: principal).get().map(\.id)
        }
    }

    @Test(arguments: [
        ("default: what has not ended", JobQuery(), ["running", "array0", "array1", "array2"]),
        ("--all", JobQuery(includeFinished: true), ["completed", "running", "stopping", "array0", "array1", "array2"]),
        ("-t R", JobQuery(states: [.running]), ["running"]),
        ("-t CG", JobQuery(completing: true), ["stopping"]),
        ("-t CA", JobQuery(states: [.cancelled]), ["stopping"]),
        ("-t PD,CD", JobQuery(states: [.pending, .completed]), ["completed", "array0", "array1", "array2"]),
        ("-u alice", JobQuery(users: ["alice"]), ["running", "array0", "array1", "array2"]),
        ("-j ARRAY: every task", JobQuery(selectors: [.job(JobID(0))]), ["array0", "array1", "array2"]),
        ("-j ARRAY_1: one task", JobQuery(selectors: [.arrayTask(JobID(0), 1)]), ["array1"]),
        ("-j names a finished job", JobQuery(selectors: [.job(JobID(1))]), ["completed"]),
        ("-j with -t: both hold", JobQuery(states: [.running], selectors: [.job(JobID(0))]), []),
        ("-j of another user's job", JobQuery(selectors: [.job(JobID(9))]), []),
    ] as [(String, JobQuery, [String])])
    func alicesQueue(_ what: String, _ query: JobQuery, _ expected: [String]) {
        let queue = Queue()
        #expect(queue.ids(queue.resolved(query)) == expected.map(queue.id), "\(what)")
    }

    @Test func aUserNamingOthersIsRefusedNamingThemAll() {
        let queue = Queue()
        let result = queue.cluster.scheduler.jobs(matching: JobQuery(users: ["alice", "carol", "bob"]),
                                                  visibleTo: .user("alice"))
        guard case .failure(let rejection) = result else {
            Issue.record("alice listed other users' jobs")
            return
        }
        #expect(rejection.code == .permissionDenied)
        #expect(rejection.message == "alice may list only their own jobs, not those of bob, carol")
    }

    @Test func anAdminNamesAnyoneWithoutAllUsers() {
        let queue = Queue()
        #expect(queue.ids(JobQuery(users: ["bob"]), as: .admin) == [queue.bobs])
        #expect(queue.ids(JobQuery(), as: .admin) == [], "an admin's own jobs by default")
        #expect(queue.ids(JobQuery(allUsers: true, states: [.pending]), as: .admin) == queue.array + [queue.bobs])
        #expect(queue.ids(JobQuery(users: ["bob"]), as: .agent("n")) == [], "nodes see no jobs")
    }
}

extension JobQueryTests.Queue {
    /// The test table names jobs by role; ids 0 and 1 in it stand for the array's id and the completed job's.
    func resolved(_ query: JobQuery) -> JobQuery {
        var query = query
        query.selectors = query.selectors.map { selector in
            switch selector {
            case .job(JobID(0)): .job(array[0])
            case .job(JobID(1)): .job(completed)
            case .job(JobID(9)): .job(bobs)
            case .arrayTask(JobID(0), let task): .arrayTask(array[0], task)
            default: selector
            }
        }
        return query
    }

    func id(_ role: String) -> JobID {
        switch role {
        case "running": running
        case "stopping": stopping
        case "completed": completed
        case "array0": array[0]
        case "array1": array[1]
        case "array2": array[2]
        default: bobs
        }
    }
}
