#include <plio/plio.h>
int plio_placeholder_badmagic(void); int plio_placeholder_badmagic(void) { return 0; }
