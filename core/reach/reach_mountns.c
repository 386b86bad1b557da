/* Delegating bpffs mounts in every mount namespace. A bpffs that hands BPF
 * tokens to a container (LXD's security.delegate_bpf, systemd's
 * PrivateBPF=) is mounted inside that container's mount namespace, so this
 * process's own mountinfo never shows it (bpftool token list reads only
 * /proc/mounts). Each process's /proc/PID/ns/mnt names its namespace by
 * inode; each namespace's mountinfo is read once, through one of its
 * processes. Reading another process's ns link needs ptrace read access:
 * a plain user sees only its own processes' namespaces. */
#include "reach/reach_gates.h"

#include <bpf/libbpf.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mounts.h"
#include "base/vec.h"

/* The commands a token may be given for that the probes use; the other
 * names are kept as text only. */
static const struct {
	const char *name;
	int cmd;
} reach_delegate_cmds[] = {
	{ "map_create", BPF_MAP_CREATE },
	{ "prog_load", BPF_PROG_LOAD },
	{ "btf_load", BPF_BTF_LOAD },
};

static int reach_delegate_bit(const char *name, enum reach_delegate kind)
{
	const char *known;

	if (kind == REACH_DELEGATE_CMDS) {
		for (size_t i = 0; i < sizeof(reach_delegate_cmds) / sizeof(reach_delegate_cmds[0]); i++)
			if (!strcmp(name, reach_delegate_cmds[i].name))
				return reach_delegate_cmds[i].cmd;
		return -1;
	}
	for (int bit = 0; bit < 64; bit++) {
		known = kind == REACH_DELEGATE_MAPS ? libbpf_bpf_map_type_str((enum bpf_map_type)bit)
			: kind == REACH_DELEGATE_PROGS ? libbpf_bpf_prog_type_str((enum bpf_prog_type)bit)
			: libbpf_bpf_attach_type_str((enum bpf_attach_type)bit);
		if (known && !strcmp(known, name))
			return bit;
	}
	return -1;
}

uint64_t reach_delegate_mask(const char *value, enum reach_delegate kind, int *unknown)
{
	char copy[512], *save, *name;
	uint64_t mask = 0;

	*unknown = 0;
	if (!strcmp(value, "any"))
		return ~0ULL;
	if (!strncmp(value, "0x", 2) || !strncmp(value, "0X", 2))
		return strtoull(value, NULL, 16);
	snprintf(copy, sizeof(copy), "%s", value);
	for (name = strtok_r(copy, ":", &save); name; name = strtok_r(NULL, ":", &save)) {
		int bit = reach_delegate_bit(name, kind);

		if (bit >= 0)
			mask |= 1ULL << bit;
		else if (!strncmp(name, "0x", 2))
			mask |= strtoull(name, NULL, 16); /* bits without a name */
		else
			*unknown = 1;
	}
	return mask;
}

int reach_delegation_parse(struct reach_delegation *d, const char *super_options)
{
	static const struct {
		const char *option;
		enum reach_delegate kind;
	} options[] = {
		{ "delegate_cmds", REACH_DELEGATE_CMDS },
		{ "delegate_maps", REACH_DELEGATE_MAPS },
		{ "delegate_progs", REACH_DELEGATE_PROGS },
		{ "delegate_attachs", REACH_DELEGATE_ATTACHS },
	};
	char *texts[] = { d->cmds, d->maps, d->progs, d->attachs };
	size_t sizes[] = { sizeof(d->cmds), sizeof(d->maps), sizeof(d->progs), sizeof(d->attachs) };
	uint64_t *masks[] = { &d->cmds_mask, &d->maps_mask, &d->progs_mask, &d->attachs_mask };
	int any = 0, unknown;

	snprintf(d->options, sizeof(d->options), "%s", super_options);
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++) {
		char value[512];

		*masks[i] = 0;
		texts[i][0] = '\0';
		if (!mounts_option(super_options, options[i].option, value, sizeof(value)))
			continue;
		any = 1;
		snprintf(texts[i], sizes[i], "%s", value);
		*masks[i] = reach_delegate_mask(value, options[i].kind, &unknown);
	}
	return any;
}

/* One mount namespace seen: its inode and the first of its processes. */
struct reach_ns {
	unsigned long long ino;
	pid_t pids[REACH_MAX_PIDS];
	char comms[REACH_MAX_PIDS][16];
	size_t nr_pids;
};

static void reach_ns_comm(pid_t pid, char *comm, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	comm[0] = '\0';
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(comm, (int)size, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

static int reach_ns_add(struct reach_ns **v, size_t *nr, size_t *cap, unsigned long long ino,
			pid_t pid)
{
	struct reach_ns *ns = NULL;

	for (size_t i = 0; i < *nr && !ns; i++)
		if ((*v)[i].ino == ino)
			ns = &(*v)[i];
	if (!ns) {
		ns = VEC_PUSH(*v, *nr, *cap);
		if (!ns)
			return -ENOMEM;
		ns->ino = ino;
	}
	if (ns->nr_pids < REACH_MAX_PIDS) {
		ns->pids[ns->nr_pids] = pid;
		reach_ns_comm(pid, ns->comms[ns->nr_pids], sizeof(ns->comms[0]));
	}
	ns->nr_pids++;
	return 0;
}

/* The delegating bpffs mounts of one namespace, through its processes. */
static void reach_ns_mounts(struct reach_gates *g, const struct reach_ns *ns)
{
	struct mount_entry *mnts = NULL;
	size_t nr = 0, kept = ns->nr_pids < REACH_MAX_PIDS ? ns->nr_pids : REACH_MAX_PIDS;
	int err = -ENOENT;

	for (size_t p = 0; p < kept && err; p++) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)ns->pids[p]);
		err = mounts_read(path, "bpf", &mnts, &nr);
	}
	if (err)
		return;
	for (size_t i = 0; i < nr; i++) {
		struct reach_delegation d;

		memset(&d, 0, sizeof(d));
		if (!reach_delegation_parse(&d, mnts[i].super_options))
			continue;
		g->nr_delegations_all++;
		if (g->nr_delegations >= REACH_MAX_DELEGATIONS)
			continue;
		snprintf(d.mount_point, sizeof(d.mount_point), "%s", mnts[i].point);
		d.mnt_ns = ns->ino;
		memcpy(d.pids, ns->pids, sizeof(d.pids));
		memcpy(d.comms, ns->comms, sizeof(d.comms));
		d.nr_pids = ns->nr_pids;
		g->delegations[g->nr_delegations++] = d;
	}
	mounts_entries_free(mnts, nr);
}

void reach_mountns_scan(struct reach_gates *g)
{
	struct reach_ns *all = NULL;
	size_t nr = 0, cap = 0;
	struct dirent *de;
	DIR *dir;

	g->nr_delegations = g->nr_delegations_all = g->nr_mount_ns = g->nr_ns_unreadable = 0;
	g->ns_as_root = geteuid() == 0;
	dir = opendir("/proc");
	if (!dir) {
		g->delegations_error = -errno;
		return;
	}
	while ((de = readdir(dir))) {
		char path[64];
		struct stat st;
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (!isdigit((unsigned char)de->d_name[0]) || *end || pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/ns/mnt", pid);
		if (stat(path, &st)) {
			/* gone meanwhile (ENOENT) is no blind spot; another
			 * user's process is (EACCES) */
			g->nr_ns_unreadable += errno != ENOENT;
			continue;
		}
		if (reach_ns_add(&all, &nr, &cap, (unsigned long long)st.st_ino, (pid_t)pid)) {
			g->delegations_error = -ENOMEM;
			break;
		}
	}
	closedir(dir);
	g->nr_mount_ns = nr;
	for (size_t i = 0; i < nr; i++)
		reach_ns_mounts(g, &all[i]);
	free(all);
}
