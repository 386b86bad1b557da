/* The view of the other BPF JIT images (key o): the [bpf] symbols of
 * /proc/kallsyms that belong to no program (trampolines, the XDP
 * dispatcher, struct_ops trampolines) with what each serves, and the
 * struct_ops maps registered now; the field list --list renders too. */
#include "views/view.h"

#include <stdio.h>

#include "out/fields.h"
#include "text/prog_lines.h"
#include "text/role.h"

#define VIEW_IMAGES_LABEL 14 /* the label column of --list: "Takes effect: " */

static void view_images_build(const struct app *app, struct text_lines *t)
{
	const struct prog_list *list = &app->snap->progs;
	struct fields f;
	char why[512];

	prog_lines_unavailable(app->snap, why, sizeof(why));
	if (why[0]) {
		text_lines_wrap(t, ROLE_WARN, "", 0, why);
		return;
	}
	if (list->symbols_pending && !list->nr_others)
		text_lines_wrap(t, ROLE_DIM, "", 0, "Reading /proc/kallsyms.");
	fields_init(&f);
	fields_jit_images(list, &f);
	text_lines_fields(t, &f, VIEW_IMAGES_LABEL);
	fields_free(&f);
}

static void view_images_title(const struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "Other BPF JIT images (%zu): trampolines, dispatchers, struct_ops",
		 app->snap->progs.nr_others);
}

DEFINE_TEXT_VIEW(images);
