import Logging

enum Log {
    /// Logs to standard error, so that standard output stays clean for command output.
    static func bootstrap(label: String, level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
