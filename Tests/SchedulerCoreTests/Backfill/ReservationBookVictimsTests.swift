import Testing
@testable import SchedulerCore

/// Which scavenger jobs a sooner promise stops, decided by the book alone (no scheduler): those whose CPUs or GPUs
/// it takes, then the largest other preemptible parts where memory is still short; never a part that ends in time
/// or one that is not preemptible.
@Suite struct ReservationBookVictimsTests {
    static let start = Instant(milliseconds: 1_000_000)

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// (job, cpus, gpus, memory MB, ends after the start, preemptible)
        var held: [(UInt64, [Int], [Int], Int64, Bool, Bool)]
        /// What the promise takes on the node.
        var cpus: [Int]
        var gpus: [Int]
        var memoryMB: Int64
        var victims: [UInt64]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a part on the promised GPUs", held: [(1, [0, 1], [0], 1_000, true, true), (2, [2, 3], [1], 1_000, true, true)],
             cpus: [4, 5], gpus: [0], memoryMB: 1_000, victims: [1]),
        Case(name: "a part on the promised CPUs", held: [(1, [0, 1], [], 1_000, true, true)],
             cpus: [1, 2], gpus: [], memoryMB: 1_000, victims: [1]),
        Case(name: "a part that ends in time is left", held: [(1, [0, 1], [0], 1_000, false, true)],
             cpus: [0, 1], gpus: [0], memoryMB: 1_000, victims: []),
        Case(name: "a part that is not preemptible is left", held: [(1, [0, 1], [0], 1_000, true, false)],
             cpus: [0, 1], gpus: [0], memoryMB: 1_000, victims: []),
        // 16 GB node; 14 GB held by 3 (6 GB) and 4 (8 GB), neither on the promised CPUs: memory is short by 6 GB,
        // so the largest other preemptible part goes.
        Case(name: "memory short: the largest other preemptible part", held: [(3, [6], [], 6_000, true, true), (4, [7], [], 8_000, true, true)],
             cpus: [0, 1], gpus: [], memoryMB: 8_000, victims: [4]),
        Case(name: "memory enough: no extra victim", held: [(3, [6], [], 2_000, true, true)],
             cpus: [0, 1], gpus: [], memoryMB: 8_000, victims: []),
    ]

    @Test(arguments: cases)
    func victims(_ c: Case) {
        let node = Node(inventory: .make("n1", cpus: 8, memoryMB: 16_000, gpus: 2), status: .up, connected: true,
                        lastHeard: Self.start)
        let holds = c.held.map { job, cpus, gpus, memory, lingers, preemptible in
            HeldPart(job: JobID(job), part: NodeAllocation(node: "n1", cpus: cpus, gpus: gpus, memoryMB: memory),
                     end: lingers ? Self.start + .minutes(10) : Self.start, preemptible: preemptible)
        }
        let promise = Reservation(job: JobID(99), start: Self.start, end: Self.start + .minutes(60),
                                  allocation: Allocation(nodes: [NodeAllocation(node: "n1", cpus: c.cpus, gpus: c.gpus,
                                                                                memoryMB: c.memoryMB)]),
                                  after: [])
        let victims = ReservationBook.victims(for: promise, holds: [holds], nodes: [node], positions: ["n1": 0])
        #expect(victims == c.victims.map { JobID($0) })
    }
}
