/* bpfknobs' own probe loads and its listing of the programs, kept apart in
 * time.
 *
 * The reach probes (core/reach) load a program of every type in forked
 * children, each closed at once. A program listing that ran meanwhile would
 * catch one and show it as someone else's: nothing names it as bpfknobs'
 * own (its id is never known here), it is gone before anything can say who
 * held it, and its missing /proc/kallsyms entry makes the symbols be read
 * again. A JIT memory reading would count its image. So a child that loads
 * runs only outside a listing (and a reading), and a listing waits for the
 * child running now, up to a limit. A child's programs are out of the
 * listing when the parent has reaped it: the kernel frees a program's id
 * and its symbols as its last file is closed (bpf_prog_put_deferred()),
 * which the child's exit does before it can be waited for. Their JIT
 * images are uncharged a grace period later, which the JIT memory
 * counter's first reading waits out (jit_counter.c).
 *
 * One fence per process, for its threads (the browser probes on a thread
 * of its own while the main thread refreshes). */
#ifndef BPFKNOBS_BASE_PROBE_FENCE_H
#define BPFKNOBS_BASE_PROBE_FENCE_H

#include <stdbool.h>

/* How long a listing waits for a probe child before it lists all the same
 * (one takes a few ms; a child that hangs is killed only after seconds, and
 * the browser must not stop for it). */
#define PROBE_FENCE_LISTING_WAIT_MS 500

/* Around a probe child's life, from before its fork to after its reaping:
 * waits for a listing under way to end. */
void probe_fence_enter_probe(void);
void probe_fence_leave_probe(void);

/* Around a listing (or a JIT memory reading): waits for the probe child
 * running now, for at most
 * PROBE_FENCE_LISTING_WAIT_MS. Returns whether the fence is held, which
 * probe_fence_leave_listing() is given. */
bool probe_fence_enter_listing(void);
void probe_fence_leave_listing(bool held);

#endif
