import Foundation

/// JSON for the `data` columns. Sorted keys keep rows byte-stable, which makes diffs and tests readable.
enum JSONColumn {
    /// A configured encoder; a batch reuses one, since creating an encoder per row dominated group commits.
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    static func encode<T: Encodable>(_ value: T, with encoder: JSONEncoder = makeEncoder()) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError(.corruptRow, "cannot read \(what) from the database: \(error)")
        }
    }
}
