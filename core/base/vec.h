/* Growing arrays, one way (as systemd's GREEDY_REALLOC, htop's Vector): an
 * array is a pointer, the number of elements in use and the room allocated,
 * kept side by side where the array lives (a struct's fields or locals).
 * The room grows geometrically (twice the room, at least VEC_MIN_ROOM, or
 * what is asked when that is more), so appending n elements copies O(n) of
 * them in all; a size that would overflow size_t is refused (-ENOMEM)
 * rather than wrapped. The macros are typed: the
 * element size comes from the pointer's type. Their arguments are plain
 * lvalues (array, nr and cap are read and written more than once), and
 * nr and cap are size_t. */
#ifndef BPFKNOBS_BASE_VEC_H
#define BPFKNOBS_BASE_VEC_H

#include <stddef.h>
#include <string.h>

#define VEC_MIN_ROOM 8

/* Makes room for at least need elements of size bytes in *array, whose
 * room is *cap. 0, or -ENOMEM with *array and *cap unchanged. */
int vec_reserve_raw(void **array, size_t *cap, size_t need, size_t size);

/* Room for at least need elements in array: 0 or -ENOMEM (array unchanged). */
#define VEC_RESERVE(array, cap, need)                                                  \
	__extension__({                                                                \
		void *vec_array_ = (array);                                            \
		int vec_err_ = vec_reserve_raw(&vec_array_, &(cap), (need),            \
					       sizeof(*(array)));                      \
		(array) = vec_array_;                                                  \
		vec_err_;                                                              \
	})

/* Appends one zeroed element and gives its address; NULL when out of
 * memory, with nothing changed. */
#define VEC_PUSH(array, nr, cap)                                                       \
	__extension__({                                                                \
		__typeof__(&(array)[0]) vec_slot_ = NULL;                              \
		if (!VEC_RESERVE(array, cap, (nr) + 1)) {                              \
			vec_slot_ = &(array)[(nr)++];                                  \
			memset(vec_slot_, 0, sizeof(*vec_slot_));                      \
		}                                                                      \
		vec_slot_;                                                             \
	})

/* Opens a zeroed element at index at (at most nr), moving the rest up; its
 * address, or NULL when out of memory, with nothing changed. For arrays
 * kept sorted. */
#define VEC_INSERT(array, nr, cap, at)                                                 \
	__extension__({                                                                \
		__typeof__(&(array)[0]) vec_slot_ = NULL;                              \
		size_t vec_at_ = (at);                                                 \
		if (!VEC_RESERVE(array, cap, (nr) + 1)) {                              \
			vec_slot_ = &(array)[vec_at_];                                 \
			memmove(vec_slot_ + 1, vec_slot_,                              \
				((nr) - vec_at_) * sizeof(*vec_slot_));                \
			memset(vec_slot_, 0, sizeof(*vec_slot_));                      \
			(nr)++;                                                        \
		}                                                                      \
		vec_slot_;                                                             \
	})

#endif
