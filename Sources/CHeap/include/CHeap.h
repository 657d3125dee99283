// glibc's allocator statistics and trimming, which Swift's Glibc module does not bring in.
#ifndef CHEAP_H
#define CHEAP_H
#include <stddef.h>

/// Bytes allocated, and bytes held from the system (allocated or free), over all arenas.
void cheap_statistics(size_t *in_use, size_t *held);

/// Gives the pages the allocator holds free back to the system, in every arena.
void cheap_trim(void);

#endif
