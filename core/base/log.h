/*
 * log.h - the one place user-facing messages are printed.
 *
 * Every error a user can cause ends up as one line "plio: WHERE: WHAT" on
 * stderr.  Modules below main return negative errno values and fill an
 * error buffer (struct perr) with the WHERE/WHAT text; main prints it.
 */
#ifndef PLIO_LOG_H
#define PLIO_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define PERR_LEN 512

/* An error message being built by a lower layer for main to print. */
struct perr {
	char msg[PERR_LEN];
};

/* Set e->msg (printf-style); returns -EINVAL so callers can `return perr_set(...)`. */
int perr_set(struct perr *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, returning `rc` (a negative errno). */
int perr_setrc(struct perr *e, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Print "plio: <msg>\n" to stderr. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A run across hosts (plio-mpi): who speaks, after "plio: " on every line
 * ("rank 1 (node2): "; "" by default), and whether warnings are kept
 * quiet (ranks other than 0 while they parse what rank 0 parses too). */
extern const char *log_origin;
extern bool log_warnings_off;

/* Debug channels (--debug=...): bit mask, set by main. */
extern unsigned int log_debug_mask;
#define DBG_PARSE (1u << 0)
#define DBG_PROCESS (1u << 1)
#define DBG_FILE (1u << 2)
#define DBG_IO (1u << 3)
#define DBG_RANDOM (1u << 4)
#define DBG_PLUGIN (1u << 5)
void log_debug(unsigned int chan, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
