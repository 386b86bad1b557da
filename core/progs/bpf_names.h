/* Names of the kernel's BPF enums: program types, attach types, map types
 * and link types, as the running kernel can report them. Debian 12's
 * libbpf 1.1 and linux 6.1 headers stop short of them (program type 32,
 * netfilter, reads "unknown" there), so the table is ours: libbpf's names
 * where libbpf has one, the same style for the rest. */
#ifndef BPFKNOBS_PROGS_BPF_NAMES_H
#define BPFKNOBS_PROGS_BPF_NAMES_H

#include <stdbool.h>

/* The highest value of each enum this table names (Linux 6.18's
 * include/uapi/linux/bpf.h, __MAX_BPF_*_TYPE - 1), for the tests. */
#define BPF_NAMES_LAST_PROG_TYPE 32   /* BPF_PROG_TYPE_NETFILTER */
#define BPF_NAMES_LAST_ATTACH_TYPE 57 /* BPF_TRACE_UPROBE_SESSION */
#define BPF_NAMES_LAST_MAP_TYPE 33    /* BPF_MAP_TYPE_ARENA */
#define BPF_NAMES_LAST_LINK_TYPE 14   /* BPF_LINK_TYPE_SOCKMAP */

/* "netfilter", "tcx_ingress", "ringbuf", "struct_ops": never NULL and never
 * empty. A number the table does not know (a kernel newer than it) gives
 * "type N", which stays valid for the life of the process. Thread-safe. */
const char *bpf_names_prog_type(unsigned int type);
const char *bpf_names_attach_type(unsigned int type);
const char *bpf_names_map_type(unsigned int type);
const char *bpf_names_link_type(unsigned int type);

/* Whether the table has a name for the number (else the "type N" form). */
bool bpf_names_prog_type_known(unsigned int type);
bool bpf_names_map_type_known(unsigned int type);

#endif
