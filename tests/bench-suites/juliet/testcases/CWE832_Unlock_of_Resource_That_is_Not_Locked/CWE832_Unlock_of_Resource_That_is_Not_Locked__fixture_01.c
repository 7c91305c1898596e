/* The flaw: the lock is released without being acquired, in a loop that
   runs once. The good function acquires it first. */
#include "std_testcase.h"
#include "std_thread.h"

void CWE832_Unlock_of_Resource_That_is_Not_Locked__fixture_01_bad()
{
    int i;
    for (i = 0; i < 1; i++)
    {
        static stdThreadLock badLock = NULL;
        if (!stdThreadLockCreate(&badLock))
        {
            exit(1);
        }
        stdThreadLockRelease(badLock);
        stdThreadLockDestroy(badLock);
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
    stdThreadLockRelease(goodLock);
    stdThreadLockDestroy(goodLock);
}

void CWE832_Unlock_of_Resource_That_is_Not_Locked__fixture_01_good()
{
    good1();
}
