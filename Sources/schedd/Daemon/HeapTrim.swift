#if canImport(Glibc)
import Glibc
#endif

/// Gives the heap pages that loading the state freed back to the kernel. Decoding 100,000 job rows leaves
/// glibc holding tens of MiB it would otherwise keep for the life of the daemon. `malloc_trim` is glibc's and
/// not in the Swift overlay, so it is looked up by name (absent elsewhere: nothing to do).
enum HeapTrim {
    static func afterLoad() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
