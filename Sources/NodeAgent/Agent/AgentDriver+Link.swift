import AischedClient
import SchedulerProtocol

/// The connection to schedd and the requests the link depends on. Each runs in a task of its own and comes back as
/// an event; a failure of any is the link's failure (`connectionFailed`).
extension AgentDriver {
    func connect(_ session: UInt64) {
        let settings = settings
        let pushInput = pushInput
        Task {
            do {
                let rpc = try await RPCConnection.connect(host: settings.host, port: settings.port, token: settings.token,
                                                          clientName: "nodeagent \(settings.registration.name)",
                                                          tls: settings.tls,
                                                          onPush: { pushInput.yield((session, $0)) })
                await self.connected(session, rpc)
            } catch {
                await self.handle(.connectionFailed(session: session, why: "\(error)"))
            }
        }
    }

    private func connected(_ session: UInt64, _ rpc: RPCConnection) async {
        connection = (session, rpc)
        rpc.closeFuture.whenComplete { _ in
            Task { await self.handle(.connectionFailed(session: session, why: "\(ClientError.connectionClosed)")) }
        }
        logger.info("connected to schedd at \(settings.host):\(settings.port) as \(rpc.welcome.user)")
        await handle(.connected(session: session))
    }

    func disconnect(_ session: UInt64) {
        guard let current = connection, current.session == session else { return }
        connection = nil
        Task { await current.rpc.close() }
    }

    /// The connection of `session`, if it is still the current one (an action of a lost session does nothing: the
    /// machine has already been told).
    private func rpc(_ session: UInt64) -> RPCConnection? {
        connection.flatMap { $0.session == session ? $0.rpc : nil }
    }

    /// Sends `request`; its answer becomes `answered`, its failure the link's.
    private func linkRequest(_ session: UInt64, _ request: @escaping @Sendable (RPCConnection) async throws -> AgentEvent) {
        guard let rpc = rpc(session) else { return }
        Task {
            do {
                let answer = try await request(rpc)
                await self.handle(answer)
            } catch {
                await self.handle(.connectionFailed(session: session, why: "\(error)"))
            }
        }
    }

    func sendExitReport(_ exit: JobExited, session: UInt64) {
        linkRequest(session) { rpc in
            _ = try await rpc.request(.jobExited, exit, expecting: .jobExitedAck, as: Ack.self)
            return .exitReportAcknowledged(exit, session: session)
        }
    }

    func register(_ ids: [UInt64], _ epochs: [UInt32], session: UInt64) {
        var registration = settings.registration
        registration.runningJobIDs = ids
        registration.runningEpochs = epochs
        let message = registration
        linkRequest(session) { rpc in
            let reply = try await rpc.request(.registerNode, message, expecting: .registerNodeReply,
                                              as: RegisterNodeReply.self)
            return .registered(reply, session: session)
        }
    }

    func sendHeartbeat(_ ids: [UInt64], _ epochs: [UInt32], session: UInt64) {
        let beat = Heartbeat(runningJobIDs: ids, runningEpochs: epochs)
        linkRequest(session) { rpc in
            _ = try await rpc.request(.heartbeat, beat, expecting: .heartbeatAck, as: Ack.self)
            return .heartbeatAcknowledged(session: session)
        }
    }

    /// Asks schedd to confirm a run (`jobStarted`, answered after its commit). Awaited by the caller: the launch
    /// waits for it.
    func claim(_ job: UInt64, epoch: UInt32) async -> ClaimAnswer {
        guard let rpc = connection?.rpc else { return .unanswered("no connection to schedd") }
        var started = JobStarted()
        started.jobID = job
        started.epoch = epoch
        started.note = launcher.confinementNote
        do {
            _ = try await rpc.request(.jobStarted, started, expecting: .jobStartedAck, as: Ack.self)
            return .confirmed
        } catch ClientError.server(let refusal) {
            return .refused(refusal.message)
        } catch {
            return .unanswered("\(error)")
        }
    }
}
