#include <plio/plio.h>
int plio_placeholder_oldminor(void); int plio_placeholder_oldminor(void) { return 0; }
