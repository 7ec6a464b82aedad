/*
 * state.c - the verify state file's layout (state.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/le.h"
#include "verify/csum.h"
#include "verify/state.h"

void vstate_encode(uint8_t *p, const struct vstate *s, const struct vstate_comp *comps)
{
	size_t size = vstate_size(s->n_comps);
	uint64_t i;

	memset(p, 0, VSTATE_FIXED);
	le_put(p, VSTATE_VERSION, 8);
	le_put(p + 0x08, size - 0x18, 8);
	le_put(p + 0x18, s->n_comps, 8);
	le_put(p + 0x20, s->depth, 4);
	le_put(p + 0x24, s->nr_files, 4);
	le_put(p + 0x28, s->writes, 8);
	le_put(p + 0x30, s->index, 8);
	memcpy(p + 0x70, s->name, strnlen(s->name, VSTATE_NAME));
	for (i = 0; i < s->n_comps; i++) {
		le_put(p + VSTATE_FIXED + 16 * i, comps[i].file, 8);
		le_put(p + VSTATE_FIXED + 16 * i + 8, comps[i].offset, 8);
	}
	le_put(p + 0x10, csum_crc32c(p + 0x18, size - 0x18), 8);
}

int vstate_decode(const uint8_t *p, size_t len, struct vstate *s, char *why, size_t why_len)
{
	uint64_t v;

	memset(s, 0, sizeof(*s));
	if (len < VSTATE_FIXED) {
		snprintf(why, why_len, "%zu bytes: too short for a verify state (%d at least)", len,
			 VSTATE_FIXED);
		return -1;
	}
	v = le_get(p, 8);
	if (v != VSTATE_VERSION) {
		snprintf(why, why_len, "version %llu, not %d (fio 3.33's)", (unsigned long long)v,
			 VSTATE_VERSION);
		return -1;
	}
	s->n_comps = le_get(p + 0x18, 8);
	if (s->n_comps > (len - VSTATE_FIXED) / 16 || le_get(p + 0x08, 8) != len - 0x18) {
		snprintf(why, why_len, "its sizes do not match the file's %zu bytes: corrupt", len);
		return -1;
	}
	if (le_get(p + 0x10, 8) != csum_crc32c(p + 0x18, len - 0x18)) {
		snprintf(why, why_len, "its crc32c does not match: corrupt");
		return -1;
	}
	s->depth = (uint32_t)le_get(p + 0x20, 4);
	s->nr_files = (uint32_t)le_get(p + 0x24, 4);
	s->writes = le_get(p + 0x28, 8);
	s->index = le_get(p + 0x30, 8);
	memcpy(s->name, p + 0x70, VSTATE_NAME);
	s->name[VSTATE_NAME] = '\0';
	return 0;
}

struct vstate_comp vstate_comp(const uint8_t *p, uint64_t i)
{
	struct vstate_comp c = {
		le_get(p + VSTATE_FIXED + 16 * i, 8), le_get(p + VSTATE_FIXED + 16 * i + 8, 8)
	};

	return c;
}
