/*
 * hostile.c - test plugins that kill or hang whatever loads them, built
 * once per way (HOSTILE_MODE):
 *
 *   1 crashentry  plio_plugin_entry() dies of SIGSEGV
 *   2 crashctor   a constructor dies of SIGSEGV when the file is opened
 *   3 hangentry   plio_plugin_entry() never returns
 *   4 exitentry   plio_plugin_entry() calls exit(3)
 *
 * plio must name the file in one line and keep every command that does
 * not need it working.  They live in their own folder (tests/plugins/
 * hostile/.libs), so only the tests that ask for them meet them.
 * Test-only: exports the plain plio_plugin_entry.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <plio/plio.h>

#ifndef HOSTILE_MODE
#error "build with -DHOSTILE_MODE=1..4"
#endif

/* SIGSEGV as the default action has it, whatever handler is installed
 * (a sanitizer's, say). */
static void segv(void)
{
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
}

#if HOSTILE_MODE == 2
__attribute__((constructor)) static void hostile_ctor(void)
{
	segv();
}
#endif

PLIO_EXPORT const struct plio_plugin *plio_plugin_entry(const struct plio_host *host)
{
	(void)host;
	if (HOSTILE_MODE == 1)
		segv();
	if (HOSTILE_MODE == 3)
		for (;;)
			pause();
	if (HOSTILE_MODE == 4)
		exit(3);
	return NULL;
}
