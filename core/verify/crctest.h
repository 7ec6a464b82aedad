/*
 * crctest.h - `plio --crctest[=LIST]`: the speed of verify's checksums.
 */
#ifndef PLIO_CRCTEST_H
#define PLIO_CRCTEST_H

#include <stdio.h>

#include "base/log.h"

/* Print each listed checksum's speed (list: comma-separated names; NULL
 * or "": all) in fio --crctest's format.  0, or an error in e. */
int verify_crctest(FILE *out, const char *list, struct perr *e);

#endif
