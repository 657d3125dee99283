#include "CHeap.h"
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void cheap_statistics(size_t *in_use, size_t *held) {
#if defined(__GLIBC__)
    struct mallinfo2 info = mallinfo2();
    *in_use = info.uordblks + info.hblkhd;
    *held = info.arena + info.hblkhd;
#else
    *in_use = 0;
    *held = 0;
#endif
}

void cheap_trim(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
