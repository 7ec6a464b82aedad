/*
 * le.h - little-endian integers of n bytes (1 to 8) in byte buffers, as
 * on-disk formats store them whatever the host's order (verify headers,
 * state files, checksums).
 */
#ifndef PLIO_LE_H
#define PLIO_LE_H

#include <stdint.h>

static inline void le_put(uint8_t *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t le_get(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

#endif
