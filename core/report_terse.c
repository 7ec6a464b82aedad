/* report_terse.c - being written */
#include "report.h"
