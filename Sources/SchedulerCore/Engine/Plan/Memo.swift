/// A value computed on demand and remembered until something it depends on changes: one type instead of a
/// value and a separate "known" flag (or a sentinel) kept side by side.
struct Memo<Value: Sendable>: Sendable {
    private var value: Value?

    init() {}

    /// The remembered value, computed first if it was forgotten.
    mutating func get(_ compute: () -> Value) -> Value {
        if let value { return value }
        let computed = compute()
        value = computed
        return computed
    }

    /// The remembered value, if any (for tests and for checks that must not compute).
    var peek: Value? { value }

    mutating func forget() { value = nil }
}
