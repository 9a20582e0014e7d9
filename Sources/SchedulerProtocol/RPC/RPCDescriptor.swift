/// One request of the protocol: the kind it travels in, what answers it, who may send it and what it is for.
/// ``RPC/descriptor`` has one for each; schedd routes by them, the client expects their replies, and
/// docs/PROTOCOL.md's table of kinds is checked against them.
public struct RPCDescriptor: Sendable {
    /// Who sends the request.
    public enum Sender: String, Sendable, Hashable {
        /// aisubmit, srun or any other client (a `user` or `admin` token).
        case client
        /// A node agent (a `node` token).
        case agent
        /// schedd itself, as a push on an agent's connection (request id with ``Frame/serverPushBit``); also how
        /// schedd relays a kind to srun.
        case server
    }

    public let kind: MessageKind
    /// The payload's message, e.g. `JobSubmission` for `submitJob`.
    public let payload: any WireMessage.Type
    /// The kind that answers it with the same request id, with `replyPayload`; nil when nothing does (the kinds
    /// schedd relays, and pushes whose outcome the agent reports in requests of its own). `error` may answer
    /// anything.
    public let reply: MessageKind?
    public let replyPayload: (any WireMessage.Type)?
    /// The roles whose tokens may send it; empty for server pushes, which no peer may send to schedd.
    public let roles: Set<RPCRole>
    public let sender: Sender
    /// What the request does, in the words of a refusal: "a node token may not *submit jobs*",
    /// "only an admin token may *change accounts*".
    public let action: String
    /// One line for people (docs/PROTOCOL.md, the fuzzer's reports).
    public let summary: String

    init(_ kind: MessageKind, _ payload: any WireMessage.Type, reply: MessageKind? = nil,
         _ replyPayload: (any WireMessage.Type)? = nil, roles: Set<RPCRole>, _ sender: Sender, action: String,
         summary: String) {
        self.kind = kind
        self.payload = payload
        self.reply = reply
        self.replyPayload = replyPayload
        self.roles = roles
        self.sender = sender
        self.action = action
        self.summary = summary
    }

    /// Only admins may send it (and the refusal says so).
    public var adminOnly: Bool { roles == [.admin] }
}
