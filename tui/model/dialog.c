#include "model/dialog.h"

#include <string.h>

#define DIALOG_CANCELLED "Cancelled: nothing was written."

/* Copies what fits; a message cut short beats none. */
static void dialog_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n > size - 1)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void dialog_close(struct dialog *d)
{
	memset(d, 0, sizeof(*d));
	d->kind = DIALOG_NONE;
	d->undo_of = HISTORY_NONE;
}

void dialog_pick(struct dialog *d, const struct knob_def *def, long shown, const long *options,
		 size_t nr_options, int first_key)
{
	dialog_close(d);
	d->kind = DIALOG_PICK;
	d->def = def;
	d->shown = shown;
	if (nr_options > DIALOG_MAX_OPTIONS)
		nr_options = DIALOG_MAX_OPTIONS;
	memcpy(d->options, options, nr_options * sizeof(*options));
	d->nr_options = nr_options;
	for (size_t i = 0; i < nr_options; i++)
		if (options[i] == shown)
			d->sel = i;
	if (first_key >= '0' && first_key <= '9')
		d->input[0] = (char)first_key;
}

void dialog_confirm(struct dialog *d, const struct knob_def *def, long shown, long value,
		    size_t undo_of)
{
	const struct knob_choice *c = knob_choice_of(def, value);

	d->kind = DIALOG_CONFIRM;
	d->def = def;
	d->shown = shown;
	d->value = value;
	d->undo_of = undo_of;
	d->need_yes = c && c->one_way;
	d->input[0] = '\0';
	d->error[0] = '\0';
}

void dialog_notice(struct dialog *d, enum role role, const char *title, const char *text)
{
	dialog_close(d);
	d->kind = DIALOG_NOTICE;
	d->notice_role = role;
	dialog_copy(d->title, sizeof(d->title), title);
	dialog_copy(d->notice, sizeof(d->notice), text);
}

void dialog_say(struct dialog *d, int cols, enum role role, const char *text)
{
	/* the key bar's one line would cut it: a message box shows it whole */
	if (text_width(text, true) > cols) {
		dialog_notice(d, role, role == ROLE_ERROR ? "Cannot do that" : "Note", text);
		return;
	}
	dialog_close(d);
	d->status_role = role;
	dialog_copy(d->status, sizeof(d->status), text);
}

/* A printable character typed into the input; false when it does not fit. */
static bool dialog_type(struct dialog *d, int key)
{
	size_t n = strlen(d->input);

	if (key < 0x20 || key > 0x7e || n + 1 >= sizeof(d->input))
		return false;
	d->input[n] = (char)key;
	d->input[n + 1] = '\0';
	return true;
}

static void dialog_erase(struct dialog *d)
{
	size_t n = strlen(d->input);

	if (n)
		d->input[n - 1] = '\0';
}

static enum dialog_event dialog_pick_key(struct dialog *d, int cols, int key,
					 enum keys_action action)
{
	switch (action) {
	case KEYS_NONE:
		if (!dialog_type(d, key))
			return DIALOG_EVENT_NONE;
		break;
	case KEYS_CHOOSE:
		return d->input[0] || d->sel < d->nr_options ? DIALOG_EVENT_CHOOSE : DIALOG_EVENT_NONE;
	case KEYS_UP:
	case KEYS_DOWN:
		if (!d->nr_options)
			return DIALOG_EVENT_NONE;
		d->sel = (d->sel + d->nr_options + (action == KEYS_UP ? -1 : 1)) % d->nr_options;
		d->input[0] = '\0'; /* the highlighted value is the choice now */
		break;
	case KEYS_ERASE:
		dialog_erase(d);
		break;
	case KEYS_CLEAR:
		d->input[0] = '\0';
		break;
	case KEYS_CANCEL:
		dialog_say(d, cols, ROLE_NORMAL, DIALOG_CANCELLED);
		return DIALOG_EVENT_DRAW;
	default:
		return DIALOG_EVENT_NONE;
	}
	d->error[0] = '\0'; /* the refusal was of what is no longer there */
	return DIALOG_EVENT_DRAW;
}

/* A one-way value: only "yes" typed in full, then Enter, writes. */
static enum dialog_event dialog_yes_key(struct dialog *d, int cols, int key,
					enum keys_action action)
{
	switch (action) {
	case KEYS_APPLY_TYPED:
		if (!strcmp(d->input, "yes"))
			return DIALOG_EVENT_APPLY;
		dialog_say(d, cols, ROLE_NORMAL, "Not confirmed (\"yes\" was not typed): nothing was "
						 "written.");
		return DIALOG_EVENT_DRAW;
	case KEYS_DISMISS:
		dialog_say(d, cols, ROLE_NORMAL, DIALOG_CANCELLED);
		return DIALOG_EVENT_DRAW;
	case KEYS_ERASE:
		dialog_erase(d);
		return DIALOG_EVENT_DRAW;
	case KEYS_NONE:
		return dialog_type(d, key) ? DIALOG_EVENT_DRAW : DIALOG_EVENT_NONE;
	default:
		return DIALOG_EVENT_NONE;
	}
}

enum dialog_event dialog_key(struct dialog *d, int cols, int key, enum keys_action action)
{
	switch (d->kind) {
	case DIALOG_PICK:
		return dialog_pick_key(d, cols, key, action);
	case DIALOG_CONFIRM:
	case DIALOG_SAVE:
		if (d->need_yes)
			return dialog_yes_key(d, cols, key, action);
		/* fall through */
	case DIALOG_STATS:
		/* only y writes; other keys wait */
		if (action == KEYS_APPLY)
			return DIALOG_EVENT_APPLY;
		if (action != KEYS_DISMISS)
			return DIALOG_EVENT_NONE;
		dialog_say(d, cols, ROLE_NORMAL, DIALOG_CANCELLED);
		return DIALOG_EVENT_DRAW;
	case DIALOG_NOTICE:
		if (action != KEYS_CLOSE)
			return DIALOG_EVENT_NONE;
		dialog_close(d);
		return DIALOG_EVENT_DRAW;
	case DIALOG_NONE:
		break;
	}
	return DIALOG_EVENT_NONE;
}

enum keys_context dialog_context(const struct dialog *d)
{
	switch (d->kind) {
	case DIALOG_PICK:
		return KEYS_PICK;
	case DIALOG_CONFIRM:
	case DIALOG_SAVE:
		return d->need_yes ? KEYS_TYPE_YES : KEYS_CONFIRM;
	case DIALOG_STATS:
		return KEYS_CONFIRM;
	case DIALOG_NOTICE:
	case DIALOG_NONE:
		break;
	}
	return KEYS_NOTICE;
}
