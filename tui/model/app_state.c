/* What the browser's state answers by itself (see app.h): the panes and
 * bars ask here, below the loop that owns the state. */
#include "model/app.h"

bool app_can_change(const struct app *app)
{
	return !app->opts.read_only && privs_can_admin(&app->snap->privs);
}
