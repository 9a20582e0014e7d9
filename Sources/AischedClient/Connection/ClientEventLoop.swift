import NIOPosix

/// The event loop clients talk to schedd on: one thread. A command-line client has one or two connections; NIO's
/// shared group would start a thread per core on every `aisubmit` run, which costs start-up time and buys nothing.
/// Callers with many connections (benchmarks, simulated agents) pass a group of their own.
public enum ClientEventLoop {
    public static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
}
