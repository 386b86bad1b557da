/* The words for the numbers an attachment is described by: attach types,
 * link types, netfilter families and hooks, perf event types. Tables over
 * the kernel's enums (include/uapi/linux/bpf.h, netfilter.h,
 * perf_event.h), newer than Debian 12's headers included, so a number the
 * running kernel reports is never "unknown" when the kernel knows it. */
#ifndef BPFKNOBS_ATTACH_ATTACH_WORDS_H
#define BPFKNOBS_ATTACH_ATTACH_WORDS_H

#include <stdint.h>

/* enum bpf_attach_type as libbpf and bpftool spell it
 * ("cgroup_inet_egress", "tcx_ingress", from bpf_names.c); NULL beyond
 * the table. */
const char *attach_type_name(uint32_t attach_type);
/* The short word a person knows: "egress", "sock_create", "device",
 * "connect4"; NULL beyond the table. */
const char *attach_type_word(uint32_t attach_type);

/* enum bpf_link_type as bpftool spells it ("xdp", "tcx"); NULL beyond the table. */
const char *attach_link_type_name(uint32_t link_type);

/* NFPROTO_*: "ipv4", "ipv6", "inet", ...; NULL when unknown. */
const char *attach_nf_family(uint32_t pf);
/* NF_INET_* hooks: "prerouting", "input", "forward", "output", "postrouting". */
const char *attach_nf_hook(uint32_t hooknum);

/* PERF_TYPE_*: "hardware", "software", "tracepoint", ...; NULL when unknown. */
const char *attach_perf_type(uint32_t type);
/* The event of a hardware or software perf event: "cpu-cycles",
 * "cpu-clock", as perf(1) names them; NULL when unknown. */
const char *attach_perf_config(uint32_t type, uint64_t config);

#endif
