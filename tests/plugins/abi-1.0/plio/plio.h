/*
 * plio/plio.h - umbrella header of the plio SDK.
 *
 * A plugin includes this and nothing else of plio's.  See plio/plugin.h for
 * the ABI itself and doc/engine-guide.md for a walk-through.
 */
#ifndef PLIO_PLIO_H
#define PLIO_PLIO_H

#include <plio/plugin.h>

#endif /* PLIO_PLIO_H */
