/* The callchain fixture linked statically: the C library is inside it. */
#define CALLCHAIN_STATIC
#include "callchain.c"
