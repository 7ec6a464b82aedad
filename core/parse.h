/*
 * parse.h - turning option text into numbers: sizes, times, integers, bools.
 *
 * fio's units: sizes take k/m/g/t/p with an optional "b" or "ib" and are
 * case-insensitive; with kb_base=1024 (the default) k, kb and ki mean 1024
 * and kib means 1000, as fio 3.33 does (checked side by side); with
 * kb_base=1000 k is 1000 and kib is 1024.  Times take
 * d, h, m, s, ms/msec, us/usec, ns; a bare number is in the option's unit.
 * Each returns 0, or -EINVAL/-ERANGE without touching *out.
 */
#ifndef PLIO_PARSE_H
#define PLIO_PARSE_H

#include <stddef.h>
#include <stdint.h>

int parse_size(const char *s, unsigned int kb_base, uint64_t *out);
/* unit_us: microseconds in one bare unit (1000000 for seconds). */
int parse_time_us(const char *s, uint64_t unit_us, uint64_t *out);
int parse_int(const char *s, int64_t *out);
/* 1/0, true/false, yes/no, on/off (any case). */
int parse_bool(const char *s, int *out);
/*
 * fio's buffer_pattern: 0x hex bytes (in the order written), a "quoted"
 * string, or a decimal byte (0-255).  Stores up to max bytes in out and
 * their count in *len; -EINVAL on bad text, -ERANGE when too long.
 */
#define PATTERN_MAX 512
int parse_pattern(const char *s, uint8_t *out, size_t max, size_t *len);

#endif
