/* Binary search over arrays kept in ascending order of an unsigned key:
 * plain u32 and u64 arrays (program ids, addresses), and arrays of structs
 * sorted by one unsigned (or never negative) member, such as an id, an
 * address, an fd or a pid. One lower bound serves them all. */
#ifndef BPFKNOBS_BASE_SORTED_H
#define BPFKNOBS_BASE_SORTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The key of element i: key_size bytes at offset in an element of stride
 * bytes (memcpy: the member may be of any alignment). */
/* qsort() for arrays that may be empty and then NULL: qsort(NULL, 0, ...)
 * is undefined behaviour (C11 7.22.5), and sanitized builds stop on it. */
static inline void sorted_qsort(void *base, size_t nr, size_t size,
				int (*cmp)(const void *, const void *))
{
	if (nr)
		qsort(base, nr, size, cmp);
}

static inline uint64_t sorted_key_at(const void *base, size_t i, size_t stride, size_t offset,
				     size_t key_size)
{
	const unsigned char *p = (const unsigned char *)base + i * stride + offset;
	uint64_t k64;
	uint32_t k32;

	if (key_size == sizeof(k64)) {
		memcpy(&k64, p, sizeof(k64));
		return k64;
	}
	memcpy(&k32, p, sizeof(k32));
	return k32;
}

/* The index of the first of the nr elements whose key is not below key, nr
 * when there is none: among equal keys, the first. key_size is 4 or 8. */
static inline size_t sorted_lower_bound(const void *base, size_t nr, size_t stride, size_t offset,
					size_t key_size, uint64_t key)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sorted_key_at(base, mid, stride, offset, key_size) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first element whose key equals key, or NULL (bsearch() gives any). */
static inline void *sorted_find(const void *base, size_t nr, size_t stride, size_t offset,
				size_t key_size, uint64_t key)
{
	size_t i = sorted_lower_bound(base, nr, stride, offset, key_size, key);

	if (i == nr || sorted_key_at(base, i, stride, offset, key_size) != key)
		return NULL;
	return (unsigned char *)(uintptr_t)base + i * stride;
}

static inline bool sorted_u32_has(const uint32_t *values, size_t nr, uint32_t value)
{
	return sorted_find(values, nr, sizeof(*values), 0, sizeof(*values), value) != NULL;
}

static inline bool sorted_u64_has(const uint64_t *values, size_t nr, uint64_t value)
{
	return sorted_find(values, nr, sizeof(*values), 0, sizeof(*values), value) != NULL;
}

/* The same over an array of structs sorted by member, which must be a 4- or
 * 8-byte integer that is never negative:
 *   struct prog_memo_entry *e = SORTED_FIND(memo->entries, memo->nr, id, 42); */
#define SORTED_LOWER_BOUND(array, nr, member, key)                                        \
	sorted_lower_bound((array), (nr), sizeof(*(array)),                               \
			   offsetof(__typeof__(*(array)), member), sizeof((array)->member), \
			   (uint64_t)(key))
#define SORTED_FIND(array, nr, member, key)                                                \
	((__typeof__(&(array)[0]))sorted_find((array), (nr), sizeof(*(array)),           \
					      offsetof(__typeof__(*(array)), member),      \
					      sizeof((array)->member), (uint64_t)(key)))

#endif
