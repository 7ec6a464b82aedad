/* statlog.c - being written */
#include "statlog.h"
