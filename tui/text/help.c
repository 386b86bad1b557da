#include "text/help.h"

#include <stdio.h>
#include <string.h>

#include "text/format.h"
#include "text/role.h"

static const enum keys_context help_contexts[] = {
	KEYS_MAIN, KEYS_TEXT, KEYS_PROG_VIEW, KEYS_CODE_VIEW, KEYS_MAPS_VIEW, KEYS_MAP_VIEW,
	KEYS_PROMPT, KEYS_PICK,
	KEYS_CONFIRM, KEYS_TYPE_YES, KEYS_NOTICE,
};

void help_keys_of(enum keys_action action, enum keys_context context, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < keys_nr_bindings; i++) {
		const struct keys_binding *b = &keys_bindings[i];
		const char *label = b->label;
		size_t n = strlen(label);
		bool seen = false;

		if (b->action != action || !(b->contexts & context))
			continue;
		/* Enter is three codes, Backspace two: list each label once */
		for (const char *p = buf; (p = strstr(p, label)); p += n)
			if ((p == buf || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
				seen = true;
		if (seen || used + n + 3 > size)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", label);
	}
}

static int help_label_cols(void)
{
	char keys[128];
	int cols = 0;

	for (size_t c = 0; c < sizeof(help_contexts) / sizeof(help_contexts[0]); c++)
		for (int a = 1; a < KEYS__COUNT; a++) {
			int n;

			help_keys_of(a, help_contexts[c], keys, sizeof(keys));
			n = (int)strlen(keys);
			if (n > cols)
				cols = n;
		}
	return cols + 4;
}

void help_build(struct text_lines *t, double interval)
{
	int label_cols = help_label_cols();
	char keys[128], text[512], every[32];

	for (size_t c = 0; c < sizeof(help_contexts) / sizeof(help_contexts[0]); c++) {
		if (c)
			text_lines_blank(t);
		text_lines_add(t, ROLE_HEAD, keys_context_title(help_contexts[c]));
		for (int a = 1; a < KEYS__COUNT; a++) {
			help_keys_of(a, help_contexts[c], keys, sizeof(keys));
			if (!keys[0])
				continue;
			snprintf(text, sizeof(text), "  %s", keys);
			text_lines_wrap(t, ROLE_NORMAL, text, label_cols, keys_action_help(a));
		}
	}
	text_lines_blank(t);
	text_lines_add(t, ROLE_HEAD, "What the screen shows");
	format_interval(interval, every, sizeof(every));
	snprintf(text, sizeof(text),
		 "The knobs and the programs are read again every %s (bpfknobs -d SECONDS "
		 "changes that). Symbol names come from /proc/kallsyms, which is read in the "
		 "background and only when the set of programs or the knobs that decide the "
		 "listing change, so a slow read never holds up the keys.", every);
	text_lines_wrap(t, ROLE_NORMAL, "  ", 2, text);
	text_lines_wrap(t, ROLE_NORMAL, "  ", 2,
			"A program's OWNER is the process holding it open (command and pid); "
			"\"kernel\" means no process holds it: it stays loaded because it is "
			"attached to a hook or pinned.");
	text_lines_wrap(t, ROLE_NORMAL, "  ", 2,
			"A * after a knob's value: the running value differs from the one boot "
			"sets (from the sysctl files, or the kernel default), so it is lost at "
			"the next reboot unless saved (S).");
	text_lines_wrap(t, ROLE_NORMAL, "  ", 2,
			"Changing a knob: Enter (or a digit) on it, pick or type the value, read "
			"what it will change, then y. The kernel's value is read back after the "
			"write, and every try is recorded in the journal (or syslog) and listed "
			"by H.");
	text_lines_wrap(t, ROLE_NORMAL, "  ", 2,
			"bpfknobs --list and --json print the same knob report for scripts.");
}
