/// Why the state database could not do what was asked. Messages say what to do.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case cannotOpen, schemaTooNew, corruptRow, writeFailed, readFailed
        /// A write found no room: the disk is full, or the database reached its configured maximum.
        case storageFull
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
