#include "std_testcase.h"

int staticTrue = 1;

void printLine(const char *line)
{
    if (line != NULL)
    {
        puts(line);
    }
}
