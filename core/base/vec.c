/* Growing arrays (see vec.h). */
#include "base/vec.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

int vec_reserve_raw(void **array, size_t *cap, size_t need, size_t size)
{
	/* twice the room, or what is asked when that is more: a first
	 * reservation of a known count is exact, appends then double */
	size_t room = *cap > SIZE_MAX / 2 ? SIZE_MAX : *cap * 2;
	void *grown;

	if (need <= *cap)
		return 0;
	if (room < need)
		room = need;
	if (room < VEC_MIN_ROOM)
		room = VEC_MIN_ROOM;
	if (size && room > SIZE_MAX / size)
		room = need;
	if (size && room > SIZE_MAX / size)
		return -ENOMEM;
	grown = realloc(*array, room * size);
	if (!grown)
		return -ENOMEM;
	*array = grown;
	*cap = room;
	return 0;
}
