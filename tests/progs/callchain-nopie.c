/* The callchain fixture linked as a non-PIE (ET_EXEC) executable. */
#include "callchain.c"
