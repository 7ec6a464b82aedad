/*
 * spy.h - what the test preloads (spy_aio.c, spy_uring.c) share: the file
 * they write to, PLIO_SPY_FILE, opened for appending on first use (each
 * worker process opens its own; lines are flushed as written).
 */
#ifndef PLIO_TESTS_SPY_H
#define PLIO_TESTS_SPY_H

#include <stdio.h>
#include <stdlib.h>

static FILE *spy_out(void)
{
	static FILE *out;
	const char *path;

	if (!out && (path = getenv("PLIO_SPY_FILE")))
		out = fopen(path, "a");
	return out;
}

#endif
