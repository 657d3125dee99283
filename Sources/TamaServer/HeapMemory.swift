import CHeap

/// The C heap as glibc's allocator counts it over all its arenas: what is allocated, and
/// what it holds from the system (allocated or free). Beside the resident size, it tells
/// a leak (in use grows) from memory the allocator keeps after frees (held grows alone).
enum HeapMemory {
    static var current: (inUse: Int, held: Int) {
        var (inUse, held) = (0, 0)
        cheap_statistics(&inUse, &held)
        return (inUse, held)
    }
}
