/* steadystate.h - being written */
#ifndef PLIO_STEADYSTATE_H
#define PLIO_STEADYSTATE_H
#endif
