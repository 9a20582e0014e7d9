import AischedClient
import SchedulerProtocol

/// Server pushes, in the order they arrive: launches, kills and steps go to the machine; a step's signal or
/// keystrokes and log reads, which decide nothing, are carried out here.
extension AgentDriver {
    func receive(_ frame: Frame, session: UInt64) async {
        do {
            switch frame.kind {
            case .launchJob:
                await handle(.pushed(.launch(try frame.decode(LaunchJob.self)), session: session))
            case .killJob:
                await handle(.pushed(.kill(try frame.decode(KillJob.self)), session: session))
            case .startStep:
                await handle(.pushed(.step(try frame.decode(StartStep.self)), session: session))
            case .stopStep:
                stopStep(try frame.decode(SignalStep.self))
            case .stepInput:
                input(try frame.decode(StepInput.self))
            case .fetchLog:
                let chunk = try LogReader.read(try frame.decode(ReadLog.self))
                reply(Frame(kind: .logChunk, requestID: frame.requestID, message: chunk), session: session)
            default:
                logger.warning("ignoring unexpected push \(frame.kind)")
            }
        } catch {
            logger.warning("push \(frame.kind) failed: \(error)")
            reply(Frame.error(ErrorReply(code: .invalidRequest, message: "\(error)"), requestID: frame.requestID),
                  session: session)
        }
    }

    /// Answers a push on the connection it came on, if that is still up.
    private func reply(_ frame: Frame, session: UInt64) {
        guard let current = connection, current.session == session else { return }
        current.rpc.send(frame)
    }
}
