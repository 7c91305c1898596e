#!/bin/sh
# A stand-in for conc-tidy that never finishes: the mutation harness must
# stop it and report a hang.
exec sleep 60
