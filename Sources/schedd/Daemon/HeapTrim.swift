#if canImport(Glibc)
import Glibc
#endif

/// Gives heap pages glibc holds but nothing uses back to the kernel. Decoding 100,000 job rows at start leaves tens of
/// MiB behind, and so does a burst of connections (1,000 holding an unfinished hello each took about 110 MiB that
/// stayed after they closed). `malloc_trim` is glibc's and not in the Swift overlay, so it is looked up by name
/// (absent elsewhere: nothing to do).
enum HeapTrim {
    static func afterLoad() {
        trim()
    }

    /// Trims every `interval` for the life of the process, off the event loops and the scheduler's actor.
    static func periodically(every interval: Duration = .seconds(10)) {
        Task.detached(priority: .background) {
            while true {
                try? await Task.sleep(for: interval)
                trim()
            }
        }
    }

    private static func trim() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
