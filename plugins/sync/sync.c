#include <plio/plio.h>
