"""conc-kata: graded exercises in C++ concurrency, rustlings-style.

A learner runs `conc-kata init DIR` once, then edits the starter files of one
kata at a time and runs `conc-kata check` (or `conc-kata watch`). Each kata is
graded in stages, each worth points:

  build   compiles with -Wall -Wextra -Werror (clang++)
  tests   the kata's GoogleTest tests pass, within a time limit
  probe   no thread is still running after the tests (a leaked thread)
  tsan    ThreadSanitizer finds nothing over repeated runs
  tidy    conc-tidy's checks for this kata are silent
  locks   the lock probe (conc-probe --locks) finds no lock-order cycle or
          lock misuse in the tests (only katas that list it)

Every run of learner code has a time limit, resource limits and capped
output: a deadlocked or endless program is killed (its whole process group)
and, when a re-run with a limit scaled for the machine's load times out too,
reported as "deadlock or endless loop (timed out after N s)".

Python 3 standard library only. The CMake build writes a launcher,
build/bin/conc-kata, that passes the paths of its compiler, conc-tidy, the
conc headers and GoogleTest to main().

The package, module by module (as rustlings splits its CLI):
  catalogue    kata.json through a validated schema; finding a kata
  config       where this build's tools are
  sandbox      running learner code: time limit, resource limits, capped output
  time_limits  what a time-out means on a busy machine (re-run, load-scaled)
  build        compiling and linking the test program, with an object cache
  grader       the stages in order on a scratch copy (Attempt: build once)
  stages/      one module per stage: tests, probe, locks, tsan, tidy
  grade        Stage and Grade, the result
  formats      text, --json, Exercism, GitHub Classroom
  workspace    the learner's copy and progress
  listing      `list`: progress bar and the next kata
  commands     init, list, check, grade, prove, hint, reset, solution
  watch        re-grade on save
  cli          arguments and dispatch
"""

from .cli import main

__all__ = ["main"]
