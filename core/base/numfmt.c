/*
 * numfmt.c - numbers as fio prints them (see numfmt.h): the compact form
 * with unit prefixes that the report, the status line and the steady state
 * summary share.
 */
#include <stdio.h>

#include "base/numfmt.h"

/* Decimal digits of v. */
unsigned int num_ndigits(uint64_t v)
{
	unsigned int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/*
 * Divide by 1000 or 1024 until at most maxlen digits remain, then spend
 * the digits left over (minus one for the point) on decimals of the last
 * remainder; with no room for decimals, round the remainder half up.
 */
char *num2str(char *buf, size_t len, uint64_t num, int maxlen, int pow2,
		     enum num_unit unit)
{
	static const char *const si[] = { "", "k", "M", "G", "T", "P", "E" };
	static const char *const iec[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	static const char *const ustr[] = { "", "B", "B/s", "bit/s" };
	const unsigned int k = pow2 ? 1024 : 1000;
	const char *const *prefix = pow2 ? iec : si;
	unsigned int scale = 0;
	uint64_t rem = 0;
	char frac[32];
	int room;

	if (unit == NU_BIT_PER_SEC)
		num *= 8;
	while (scale < 6 && num_ndigits(num) > (unsigned int)maxlen) {
		rem = num % k;
		num /= k;
		scale++;
	}
	if (!scale) {
		snprintf(buf, len, "%llu%s", (unsigned long long)num, ustr[unit]);
		return buf;
	}
	room = maxlen - (int)num_ndigits(num);
	if (room <= 1) {
		if (rem >= k / 2)
			num++;
		snprintf(buf, len, "%llu%s%s", (unsigned long long)num,
			 prefix[scale], ustr[unit]);
		return buf;
	}
	snprintf(frac, sizeof(frac), "%.*f", room - 1, (double)rem / (double)k);
	if (frac[0] == '1')
		num++;
	snprintf(buf, len, "%llu.%s%s%s", (unsigned long long)num, frac + 2,
		 prefix[scale], ustr[unit]);
	return buf;
}
