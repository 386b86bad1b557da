#include "fuzz.h"

#include <sys/mman.h>
#include <unistd.h>

int fuzz_memfd(const void *data, size_t size)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if ((size && write(fd, data, size) != (ssize_t)size) || lseek(fd, 0, SEEK_SET)) {
		close(fd);
		return -1;
	}
	return fd;
}
