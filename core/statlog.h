/* statlog.h - being written */
#ifndef PLIO_STATLOG_H
#define PLIO_STATLOG_H
#endif
