/* eta.h - being written */
#ifndef PLIO_ETA_H
#define PLIO_ETA_H
#endif
