/*
 * crctest.c - `plio --crctest[=LIST]`: how fast each checksum of verify=
 * runs on this machine, one thread, printed as fio --crctest prints it
 * ("md5:\t\t  532.20 MiB/sec"), so the two can be read side by side.
 *
 * Each type checksums 4 KiB blocks (verify's usual unit) of a 1 MiB
 * buffer of random bytes for about a quarter of a second.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/rand.h"
#include "verify/crctest.h"
#include "verify/csum.h"

#define CT_BUF (1u << 20)
#define CT_BLOCK 4096u
#define CT_NS 250000000ull

/* MiB/s of type t over buf, or a negative number when the library fails. */
static double speed(enum csum_type t, const uint8_t *buf, char *why, size_t why_len)
{
	struct csum_ctx *c = csum_ctx_new(t, why, why_len);
	uint8_t out[CSUM_MAX_LEN];
	uint64_t start, now, bytes = 0;
	size_t off = 0;

	if (!c)
		return -1;
	start = clock_ns();
	do {
		unsigned int k;

		for (k = 0; k < 64; k++) {
			if (csum_compute(c, buf + off, CT_BLOCK, out)) {
				csum_ctx_free(c);
				snprintf(why, why_len, "the library failed to compute %s", csum_name(t));
				return -1;
			}
			off = (off + CT_BLOCK) % CT_BUF;
			bytes += CT_BLOCK;
		}
		now = clock_ns();
	} while (now - start < CT_NS);
	csum_ctx_free(c);
	return (double)bytes / (1024.0 * 1024.0) / ((double)(now - start) / 1e9);
}

/* Whether name is one of the comma-separated list (NULL or "": all). */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	if (!list || !*list)
		return true;
	while (p) {
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

int verify_crctest(FILE *out, const char *list, struct perr *e)
{
	struct rand_state r;
	uint64_t *buf;
	char why[PERR_LEN];
	const char *p;
	size_t i;
	int t;

	/* every name given must be known, as fio refuses an unknown one */
	for (p = list; p && *p; p = *p ? p + 1 : p) {
		size_t n = strcspn(p, ",");
		char name[32];

		snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) - 1 ? n : sizeof(name) - 1), p);
		if (csum_by_name(name) < 0) {
			char known[256] = "";

			for (t = 0; t < CSUM_NR; t++) {
				strcat(known, t ? ", " : "");
				strcat(known, csum_name((enum csum_type)t));
			}
			return perr_set(e, "--crctest: unknown checksum '%.*s' (known: %s)",
					(int)n, p, known);
		}
		p += n;
	}
	buf = malloc(CT_BUF);
	if (!buf)
		return perr_setrc(e, -ENOMEM, "--crctest: out of memory");
	rand_seed(&r, 0x5eed);
	for (i = 0; i < CT_BUF / sizeof(*buf); i++)
		buf[i] = rand_next(&r);
	for (t = 0; t < CSUM_NR; t++) {
		const char *name = csum_name((enum csum_type)t);
		double mibs;

		if (!listed(list, name))
			continue;
		mibs = speed((enum csum_type)t, (const uint8_t *)buf, why, sizeof(why));
		if (mibs < 0) {
			free(buf);
			return perr_set(e, "--crctest: %s: %s", name, why);
		}
		fprintf(out, "%s:%s%8.2f MiB/sec\n", name, strlen(name) < 7 ? "\t\t" : "\t", mibs);
	}
	free(buf);
	return 0;
}
