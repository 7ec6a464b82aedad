#include <plio/plio.h>
int plio_placeholder_newminor(void); int plio_placeholder_newminor(void) { return 0; }
