/// Nodes in the order placement tries them on a large centre: highest estimate first, ties by position (name
/// order). A heap, not a sort: a placement usually stops after a few trials among a thousand nodes.
struct EstimateOrder {
    private let estimates: [Int]
    /// Max-heap of keys packing (estimate, position) so that a greater key comes first: one integer compare.
    private var heap: [Int64]

    init(_ estimates: [Int]) {
        self.estimates = estimates
        let positions = Int64(UInt32.max)
        heap = estimates.enumerated().map { Int64($0.element) << 32 | (positions - Int64($0.offset)) }
        var parent = heap.count / 2 - 1
        while parent >= 0 {
            siftDown(parent)
            parent -= 1
        }
    }

    func estimate(of position: Int) -> Int { estimates[position] }

    /// The next position to try, or nil when all were.
    mutating func next() -> Int? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return Int(Int64(UInt32.max) - (top & Int64(UInt32.max)))
    }

    private mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            var parent = start
            let value = heap[parent]
            while true {
                var child = 2 * parent + 1
                guard child < heap.count else { break }
                if child + 1 < heap.count, heap[child + 1] > heap[child] { child += 1 }
                guard heap[child] > value else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = value
        }
    }
}
