"""One module per graded stage after the build: each judges one Stage from the
runs of the test program (tests, probe, locks, tsan) or from conc-tidy (tidy).
The build stage is judged by grader.py from build.py's result."""
