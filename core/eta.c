/* eta.c - being written */
#include "eta.h"
