/* What the scorer must report as a miss and as a false report: the bad
   function acquires through a function pointer (calls through pointers are
   not followed), and the good function leaves the lock held on its early
   return. */
#include "std_testcase.h"
#include "std_thread.h"

void CWE667_Improper_Locking__fixture_02_bad()
{
    static stdThreadLock badLock = NULL;
    void (*acquire)(stdThreadLock) = stdThreadLockAcquire;
    if (!stdThreadLockCreate(&badLock))
    {
        exit(1);
    }
    acquire(badLock);
}

static void good1()
{
    static stdThreadLock goodLock = NULL;
    if (!stdThreadLockCreate(&goodLock))
    {
        exit(1);
    }
    stdThreadLockAcquire(goodLock);
    if (staticTrue)
    {
        return;
    }
    stdThreadLockRelease(goodLock);
}

void CWE667_Improper_Locking__fixture_02_good()
{
    good1();
}
