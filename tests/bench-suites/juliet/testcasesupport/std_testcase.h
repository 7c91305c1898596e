#ifndef STD_TESTCASE_H
#define STD_TESTCASE_H

#include <stdio.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

void printLine(const char *line);
extern int staticTrue;

#ifdef __cplusplus
}
#endif

#endif
