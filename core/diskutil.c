/* diskutil.c - see diskutil.h.  (Being written: no devices found yet.) */
#include <stdlib.h>
#include <string.h>

#include "diskutil.h"
#include "json.h"

void diskutil_start(const struct plan *plan, struct disk_util_set *set)
{
	(void)plan;
	memset(set, 0, sizeof(*set));
}

void diskutil_stop(struct disk_util_set *set)
{
	(void)set;
}

void diskutil_free(struct disk_util_set *set)
{
	free(set->disks);
	memset(set, 0, sizeof(*set));
}

void diskutil_print_normal(FILE *out, const struct disk_util_set *set)
{
	(void)out;
	(void)set;
}

void diskutil_json(struct json_writer *w, const struct disk_util_set *set)
{
	(void)w;
	(void)set;
}

void diskutil_terse(FILE *out, const struct disk_util_set *set)
{
	(void)out;
	(void)set;
}
