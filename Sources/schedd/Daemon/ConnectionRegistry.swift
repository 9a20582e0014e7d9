import Logging
import NIOCore
import SchedulerProtocol
import Synchronization

/// Every open connection: counted per address from its first byte and per token subject once it has said hello, so
/// the caps of `ConnectionPolicy` hold, and indexed by token id, so revoking a token closes what it opened.
///
/// Refusals are logged, but at most one line per cause and key every 10 s with how many there were: a flood of
/// twenty thousand connections must leave a trace without writing twenty thousand lines.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        var channel: any Channel
        var address: String
        var subject: String?
        var tokenID: String?
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var perAddress: [String: Int] = [:]
        var perSubject: [String: Int] = [:]
        var byToken: [String: Set<ObjectIdentifier>] = [:]
        var refusals = RefusalLog()
    }

    let policy: ConnectionPolicy
    private let state = Mutex(State())
    private let logger: Logger

    init(policy: ConnectionPolicy, logger: Logger) {
        self.policy = policy
        self.logger = logger
    }

    /// Connections open now.
    var count: Int { state.withLock { $0.entries.count } }

    /// A connection was accepted: nil if it may stay, else why not (it is then not counted).
    func opened(_ channel: any Channel, address: String) -> ErrorReply? {
        let (refusal, line) = state.withLock { state -> (ErrorReply?, String?) in
            let refusal: ErrorReply?
            if state.entries.count >= policy.maxConnections {
                refusal = ErrorReply(code: .unavailable,
                                     message: "schedd has \(state.entries.count) connections open, its maximum (maxConnections)",
                                     hint: "try again in a moment; an admin can raise maxConnections and the descriptor limit")
            } else if state.perAddress[address, default: 0] >= policy.maxConnectionsPerAddress {
                refusal = ErrorReply(
                    code: .unavailable,
                    message: "\(address) already has \(policy.maxConnectionsPerAddress) connections open to schedd "
                        + "(maxConnectionsPerAddress)",
                    hint: "close some: each aisubmit command holds one while it runs, srun one per step")
            } else {
                refusal = nil
            }
            if let refusal {
                return (refusal, state.refusals.note(key: "address \(address)", refusal.message))
            }
            state.entries[ObjectIdentifier(channel)] = Entry(channel: channel, address: address)
            state.perAddress[address, default: 0] += 1
            return (nil, nil)
        }
        if let line { logger.warning("refusing connections: \(line)") }
        return refusal
    }

    /// The connection authenticated as `identity`: nil if it may go on, else why not.
    func authenticated(_ channel: any Channel, as identity: Identity) -> ErrorReply? {
        let subject = Self.subject(of: identity)
        let (refusal, line) = state.withLock { state -> (ErrorReply?, String?) in
            let id = ObjectIdentifier(channel)
            guard state.entries[id] != nil else { return (nil, nil) }
            if state.perSubject[subject.key, default: 0] >= policy.maxConnectionsPerUser {
                let refusal = ErrorReply(
                    code: .unavailable,
                    message: "\(subject.name) already has \(policy.maxConnectionsPerUser) connections open to schedd (maxConnectionsPerUser)",
                    hint: "close some (each aisubmit command holds one while it runs, srun one per step), or ask an admin to raise the limit")
                return (refusal, state.refusals.note(key: subject.key, refusal.message))
            }
            state.entries[id]?.subject = subject.key
            state.entries[id]?.tokenID = identity.tokenID
            state.perSubject[subject.key, default: 0] += 1
            state.byToken[identity.tokenID, default: []].insert(id)
            return (nil, nil)
        }
        if let line { logger.warning("refusing connections: \(line)") }
        return refusal
    }

    /// The connection is gone (whatever ended it).
    func closed(_ channel: any Channel) {
        state.withLock { state in
            guard let entry = state.entries.removeValue(forKey: ObjectIdentifier(channel)) else { return }
            Self.decrement(&state.perAddress, entry.address)
            if let subject = entry.subject { Self.decrement(&state.perSubject, subject) }
            if let token = entry.tokenID {
                state.byToken[token]?.remove(ObjectIdentifier(channel))
                if state.byToken[token]?.isEmpty == true { state.byToken[token] = nil }
            }
        }
    }

    /// The open connections authenticated with one of these tokens.
    func channels(authenticatedWith tokenIDs: Set<String>) -> [any Channel] {
        state.withLock { state in
            tokenIDs.flatMap { state.byToken[$0] ?? [] }.compactMap { state.entries[$0]?.channel }
        }
    }

    /// Whose count a connection goes to: a job's token counts for its job, any other token for its subject.
    static func subject(of identity: Identity) -> (key: String, name: String) {
        if let job = JobCredentials.job(ofTokenID: identity.tokenID) {
            return ("job \(job)", "job \(job)'s token")
        }
        let p = identity.principal
        return ("\(p.role.rawValue) \(p.name)", p.role == .node ? "node \(p.name)" : "user \(p.name)")
    }

    private static func decrement(_ counts: inout [String: Int], _ key: String) {
        let left = counts[key, default: 1] - 1
        counts[key] = left > 0 ? left : nil
    }
}

/// At most one log line per key every `interval`, carrying how many refusals it stands for.
struct RefusalLog {
    static let interval = Duration.seconds(10)

    private var last: [String: (at: ContinuousClock.Instant, suppressed: Int)] = [:]

    /// The line to log now for a refusal, or nil when one was logged for `key` less than `interval` ago.
    mutating func note(key: String, _ message: String, now: ContinuousClock.Instant = .now) -> String? {
        if let previous = last[key], now - previous.at < Self.interval {
            last[key]?.suppressed += 1
            return nil
        }
        let suppressed = last[key]?.suppressed ?? 0
        last[key] = (now, 0)
        if last.count > 10_000 { last = last.filter { now - $0.value.at < Self.interval } }
        return suppressed > 0 ? "\(message) (\(suppressed) more refused since the previous line about it)" : message
    }
}
