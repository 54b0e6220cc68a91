/* The stacks fixture linked as a non-PIE (ET_EXEC) executable. */
#include "stacks.c"
