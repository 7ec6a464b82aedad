/* steadystate.c - being written */
#include "steadystate.h"
