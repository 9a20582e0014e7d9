import SchedulerProtocol

/// How large schedd's replies may be. A reply over the frame limit cannot be sent (the peer would drop the
/// connection), so listings come in pages that fill at most half a frame, and any other reply that would not fit
/// becomes an `error` reply saying so: never a closed connection.
struct ReplyBudget: Sendable {
    /// The largest payload a reply may have: schedd's own limit, but never more than what clients accept by default
    /// (raising `--max-frame-bytes` lets peers send schedd larger frames; clients still read at most 4 MiB).
    let frameBytes: Int

    init(maximumPayloadBytes: Int) {
        frameBytes = min(maximumPayloadBytes, FrameDecoder.defaultMaximumPayloadBytes)
    }

    /// What the entries of one listing page may take: half a frame leaves room for the rest of the reply and for
    /// an entry's length prefix, and keeps each page quick to build and to read.
    var pageBytes: Int { frameBytes / 2 }

    /// What one entry may take before its bulky fields are cut (`JobListingEntry`): a page holds at least a few.
    var entryBytes: Int { pageBytes / 4 }

    /// `reply`, or an `error` reply in its place when it is too large to be sent.
    func checked(_ reply: Frame, answering request: Frame) -> Frame {
        let bytes = reply.payload.readableBytes
        guard bytes > frameBytes else { return reply }
        return Frame.error(ErrorReply(
            code: .frameTooLarge,
            message: "the answer to \(request.kind) would be \(bytes) bytes, over the \(frameBytes)-byte frame limit",
            hint: "ask for less (filter by user, state, job or name); listings (queue, nodes, audit) come in pages"),
            requestID: request.requestID)
    }
}

/// One page of a listing: entries in order until the next would take the page over its byte budget. The first entry
/// always goes in (entries are cut to `ReplyBudget.entryBytes` beforehand), so every page makes progress.
struct ListingPage<Entry: WireMessage> {
    let budget: Int
    private(set) var entries: [Entry] = []
    private(set) var bytes = 0

    init(budget: Int) {
        self.budget = budget
    }

    /// Adds `entry` (of `bytes` encoded, if already measured) if it fits; false (and nothing added) when the page
    /// is full.
    mutating func add(_ entry: Entry, bytes measured: Int? = nil) -> Bool {
        // The entry's bytes, plus its field key and length prefix inside the list message.
        let size = (measured ?? entry.wireBuffer().readableBytes) + 1 + Self.varintSize(UInt64(budget))
        if !entries.isEmpty, bytes + size > budget { return false }
        entries.append(entry)
        bytes += size
        return true
    }

    /// Bytes of `value` as a protobuf varint (seven bits a byte): the largest length prefix an entry can need.
    static func varintSize(_ value: UInt64) -> Int {
        max(1, (64 - value.leadingZeroBitCount + 6) / 7)
    }
}
