/* Test programs for the maps a program uses: a socket filter reading a
 * hash map, an array and a ring buffer (tests/helpers/objs_loader --kind maps), so
 * that bpfknobs' "maps" can be compared with bpftool map show. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} bk_counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} bk_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} bk_events SEC(".maps");

SEC("socket")
int bk_maps_reader(struct __sk_buff *skb)
{
	__u32 key = skb->len & 3;
	__u32 *limit = bpf_map_lookup_elem(&bk_config, &key);
	__u64 *count = bpf_map_lookup_elem(&bk_counts, &key);

	if (count)
		__sync_fetch_and_add(count, 1);
	if (limit && skb->len > *limit)
		bpf_ringbuf_output(&bk_events, &key, sizeof(key), 0);
	return 0;
}
