/* The flaw: the lock is acquired and never released. The good function
   releases it on every path. */
#include "std_testcase.h"
#include "std_thread.h"

void CWE667_Improper_Locking__fixture_01_bad()
{
    static stdThreadLock badLock = NULL;
    if (!stdThreadLockCreate(&badLock))
    {
        exit(1);
    }
    if (staticTrue)
    {
        stdThreadLockAcquire(badLock);
        printLine("holding the lock");
    }
}

static void good1()
{
    static stdThreadLock goodLock = NULL;
    if (!stdThreadLockCreate(&goodLock))
    {
        exit(1);
    }
    stdThreadLockAcquire(goodLock);
    printLine("holding the lock");
    stdThreadLockRelease(goodLock);
    stdThreadLockDestroy(goodLock);
}

void CWE667_Improper_Locking__fixture_01_good()
{
    good1();
}
