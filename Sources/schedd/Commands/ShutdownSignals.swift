import Dispatch
import Foundation

/// Runs `onSignal` once on SIGTERM or SIGINT, so the daemon can stop accepting work and exit 0.
/// The sources are set once in `init` and only cancelled afterwards, which Dispatch makes thread-safe.
final class ShutdownSignals: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () -> Void) {
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: onSignal)
            source.resume()
            return source
        }
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
