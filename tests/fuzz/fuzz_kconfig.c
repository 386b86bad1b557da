/* A kernel config, plain and gzipped: kconfig_load_fd() reads both through
 * the same code, so the same text must give the same options and the same
 * outcome either way. Input that itself starts as gzip is also read as it
 * is (damaged streams, bombs). */
#include "fuzz.h"

#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "knobs/kconfig.h"

/* data gzipped into a malloc'd buffer; NULL when zlib fails. */
static unsigned char *fuzz_gzip(const uint8_t *data, size_t size, size_t *out_len)
{
	z_stream z = { 0 };
	size_t cap = compressBound((uLong)size) + 64;
	unsigned char *out = malloc(cap);

	if (!out || deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*out_len = cap - z.avail_out;
	deflateEnd(&z);
	return out;
}

static int fuzz_load(struct kconfig *cfg, const void *data, size_t size)
{
	int fd = fuzz_memfd(data, size);

	memset(cfg, 0, sizeof(*cfg));
	return fd < 0 ? -1 : kconfig_load_fd(cfg, fd); /* closes fd */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kconfig plain, packed;
	unsigned char *gz;
	int plain_err, packed_err;
	size_t gz_len;

	plain_err = fuzz_load(&plain, data, size);
	if (plain_err == -1)
		return 0;
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		return 0; /* read as gzip already: no plain text to compare */
	gz = fuzz_gzip(data, size, &gz_len);
	if (!gz)
		return 0;
	packed_err = fuzz_load(&packed, gz, gz_len);
	free(gz);
	if (packed_err == -1)
		return 0;
	if (plain_err != packed_err)
		fuzz_fail("plain gives %d, gzip gives %d", plain_err, packed_err);
	for (int i = 0; i < KCONFIG__COUNT; i++)
		if (plain.opt[i] != packed.opt[i])
			fuzz_fail("%s: plain gives %d, gzip gives %d", kconfig_name(i), plain.opt[i],
				  packed.opt[i]);
	return 0;
}
