#include <plio/plio.h>
int plio_placeholder_dupnull(void); int plio_placeholder_dupnull(void) { return 0; }
