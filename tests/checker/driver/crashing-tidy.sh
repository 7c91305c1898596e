#!/bin/sh
# A stand-in for conc-tidy that crashes: the mutation harness must report it.
kill -SEGV $$
