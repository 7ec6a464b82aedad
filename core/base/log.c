/*
 * log.c - user-facing messages: one line each, "plio: WHERE: WHAT".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "base/log.h"

unsigned int log_debug_mask;
const char *log_origin = "";
bool log_warnings_off;

int perr_setrc(struct perr *e, int rc, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return rc;
}

int perr_set(struct perr *e, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static __attribute__((format(printf, 2, 0)))
void vline(const char *prefix, const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	fprintf(stderr, "plio: %s%s%s\n", log_origin, prefix, buf);
}

void log_verror(const char *fmt, va_list ap)
{
	vline("", fmt, ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	if (log_warnings_off)
		return;
	va_start(ap, fmt);
	vline("warning: ", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("", fmt, ap);
	va_end(ap);
}

void log_debug(unsigned int chan, const char *fmt, ...)
{
	va_list ap;

	if (!(log_debug_mask & chan))
		return;
	va_start(ap, fmt);
	vline("debug: ", fmt, ap);
	va_end(ap);
}
