/*
 * numfmt.h - numbers in fio's compact printed form.
 *
 * Shared by every stage that prints figures (report, status line, steady
 * state): a number scaled to at most N digits with an SI or IEC prefix
 * and a unit, as fio's num2str does.
 */
#ifndef PLIO_NUMFMT_H
#define PLIO_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* Units for num2str, as fio's N2S_* (bits: the number times 8). */
enum num_unit { NU_NONE, NU_BYTE, NU_BYTE_PER_SEC, NU_BIT_PER_SEC };

/* Decimal digits of v. */
unsigned int num_ndigits(uint64_t v);

/*
 * fio's compact number: at most maxlen digits, scaled by 1000 (pow2
 * false: k, M, G...) or 1024 (Ki, Mi, Gi...), with as many decimals as
 * fit, e.g. 4096KiB, 16.0KiB, 74.5MiB/s, 256k.  Returns buf.
 */
char *num2str(char *buf, size_t len, uint64_t num, int maxlen, int pow2,
	      enum num_unit unit);

#endif
