/*
 * outfmt.h - the report formats plio prints, as the command line names
 * them (--output-format, --minimal, --terse-version) and the report stage
 * prints them.  A vocabulary both stages share, so neither includes the
 * other.
 */
#ifndef PLIO_OUTFMT_H
#define PLIO_OUTFMT_H

#define REPORT_NORMAL (1u << 0)
#define REPORT_JSON (1u << 1)
#define REPORT_JSONPLUS (1u << 2)
#define REPORT_TERSE (1u << 3)

/* fio's terse versions are 2 to 5; 3 when none is asked for. */
#define REPORT_TERSE_DEFAULT 3

#endif
