// Built with the test cases, as Juliet's Makefiles build theirs: calls every
// good and bad function.
#include "std_testcase.h"

extern "C" {
void CWE667_Improper_Locking__fixture_01_bad();
void CWE667_Improper_Locking__fixture_01_good();
}

int main()
{
    CWE667_Improper_Locking__fixture_01_good();
    CWE667_Improper_Locking__fixture_01_bad();
    return 0;
}
