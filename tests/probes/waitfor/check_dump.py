#!/usr/bin/env python3
"""Runs one waitfor_target scenario under the probe and checks its wait-for dump.

usage: check_dump.py --probe LIBCONC_PROBE --target WAITFOR_TARGET --source waitfor_target.cpp
                     --scenario NAME --out DUMP.json

The scenario stops moving on purpose (its state forced with latches); the
probe (CONC_PROBE_WAITFOR_AFTER_MS=0) dumps as soon as every thread is
blocked, so the run takes as long as the program needs to get stuck, not a
time limit. Every fact is checked against the "// SITE:name" lines of the
source: who waits for which lock, asked for where, held by whom, taken where.
Exit status 0 when all hold, 1 with the reasons otherwise.

--held-site function: for a program built with g++, which does not inline
std::mutex::lock at -O1, a held lock's site is the lock call in
std::mutex::lock, then its callers as they are now: the function that took
the lock is right, but its line is where it is now, not where it took the
lock. Then only the function is checked (clang inlines the call: the line).
"""
import argparse
import json
import os
import re
import subprocess
import sys

FAILURES = []


def expect(condition, what):
    if not condition:
        FAILURES.append(what)
    return condition


def sites(source):
    lines = {}
    with open(source, encoding="utf-8") as f:
        for number, text in enumerate(f, 1):
            m = re.search(r"// SITE:([\w-]+)", text)
            if m:
                lines[m.group(1)] = number
    return lines


def own(frames, source):
    """The frames in the target's own source file, innermost first."""
    name = os.path.basename(source)
    return [f for f in frames if os.path.basename(f["file"]) == name]


def first_line(frames, source):
    mine = own(frames, source)
    return mine[0]["line"] if mine else 0


def has_line(frames, source, line):
    return any(f["line"] == line for f in own(frames, source))


def in_function(frames, *needles):
    return any(n in f["function"] for f in frames for n in needles)


def held_at(frames, source, at, name, function):
    """Whether a held lock's site says where it was taken: the line, or with
    --held-site function only the function of that line."""
    if ARGS.held_site == "line":
        return first_line(frames, source) == at[name]
    mine = own(frames, source)
    return bool(mine) and (mine[0]["line"] == at[name] or function in mine[0]["function"])


def check(dump, scenario, source, output):
    at = sites(source)
    expect(dump["settled"] is True, "the process did not settle")
    expect(dump["locks"] is True, "lock tracking was off")
    threads = dump["threads"]
    main = [t for t in threads if t["main"]]
    others = [t for t in threads if not t["main"]]
    if not expect(len(main) == 1, f"expected one main thread, got {len(main)}"):
        return
    main = main[0]
    expect(all(t["stack"] or t["stack_error"] for t in threads), "a thread has no stack and no reason")
    holders = {}
    for t in threads + dump["exited"]:
        for h in t["held"]:
            holders.setdefault(h["id"], []).append((t, h))

    if scenario == "held-elsewhere":
        expect(len(others) == 1, f"expected one other thread, got {len(others)}")
        w = main["waiting"]
        if expect(w is not None, "main is not waiting for a lock"):
            expect(first_line(w["site"], source) == at["take-lock"],
                   f"main's wait is not at line {at['take-lock']}: {w['site']}")
            owner = holders.get(w["id"], [])
            if expect(len(owner) == 1 and owner[0][0] is others[0],
                      f"the lock main waits for is not held by the other thread: {owner}"):
                t, h = owner[0]
                expect(held_at(h["site"], source, at, "restock-lock", "Restock"), f"held at the wrong site: {h['site']}")
                expect(t["serial"] == 1, f"the restocker's serial is {t['serial']}, not 1")
                expect(has_line(t["creation"], source, at["restock-start"]), "creation stack misses the start")
                expect(in_function(t["stack"], "nanosleep", "sleep_for"), "the restocker is not in a sleep")
                expect(has_line(t["stack"], source, at["sleep"]), "the sleep's line is not in its stack")
                expect(t["waiting"] is None, "the restocker waits for a lock")
    elif scenario == "cycle":
        expect(len(others) == 2, f"expected two other threads, got {len(others)}")
        expect(main["waiting"] is None and not main["held"], "main waits for or holds a lock")
        expect(in_function(main["stack"], "pthread_join", "pthread_clockjoin", "thread::join"),
               "main is not in join")
        expect(has_line(main["stack"], source, at["cycle-join"]), "main's join line is missing")
        starts = {at["cycle-start-1"], at["cycle-start-2"]}
        for t in others:
            w = t["waiting"]
            if not expect(w is not None, f"thread {t['tid']} does not wait for a lock"):
                continue
            expect(first_line(w["site"], source) == at["transfer-second"], "wait at the wrong line")
            owner = holders.get(w["id"], [])
            other = [o for o in others if o is not t]
            if expect(len(owner) == 1 and other and owner[0][0] is other[0],
                      f"thread {t['tid']} waits for a lock not held by the other thread"):
                expect(held_at(owner[0][1]["site"], source, at, "transfer-first", "Transfer"), "held at wrong site")
            expect(any(has_line(t["creation"], source, line) for line in starts), "creation line missing")
        expect(sorted(t["serial"] for t in others) == [1, 2], "serials are not 1 and 2")
    elif scenario == "exited":
        expect(not others, f"expected no other live thread, got {len(others)}")
        w = main["waiting"]
        if expect(w is not None, "main is not waiting for a lock"):
            expect(first_line(w["site"], source) == at["exited-wait"], "main's wait at the wrong line")
            owner = holders.get(w["id"], [])
            if expect(len(owner) == 1 and owner[0][0] in dump["exited"],
                      f"the lock is not held by an exited thread: {owner}"):
                expect(first_line(owner[0][1]["site"], source) == at["exited-lock"] or (
                    ARGS.held_site == "function" and not own(owner[0][1]["site"], source)),
                    f"held at wrong site: {owner[0][1]['site']}")
    elif scenario == "condvar":
        expect(main["waiting"] is None, "a condition variable wait shows as a lock wait")
        expect(in_function(main["stack"], "pthread_cond_wait", "pthread_cond_clockwait",
                           "condition_variable::wait"), "main is not in a condition variable wait")
        expect(has_line(main["stack"], source, at["cv-wait"]), "the wait's line is missing")
    elif scenario == "channel":
        expect(main["waiting"] is None and not main["held"], "a channel receive shows a lock")
        expect(in_function(main["stack"], "conc::Channel<int>::recv"), "main is not in Channel::recv")
        expect(has_line(main["stack"], source, at["chan-recv"]), "the receive's line is missing")
    elif scenario == "readers":
        expect(len(others) == 2, f"expected two readers, got {len(others)}")
        w = main["waiting"]
        if expect(w is not None, "main is not waiting for the write lock"):
            expect(w["kind"] == "rwlock" and w["write"], f"not a write lock of an rwlock: {w}")
            expect(first_line(w["site"], source) == at["writer-lock"], "wait at the wrong line")
            owner = holders.get(w["id"], [])
            expect(sorted(t["tid"] for t, _ in owner) == sorted(t["tid"] for t in others),
                   f"the lock is not held by both readers: {owner}")
            expect(all(not h["write"] and held_at(h["site"], source, at, "reader-lock", "Readers")
                       for _, h in owner), "a reader's hold is not a read lock at its site")
    elif scenario == "self":
        w = main["waiting"]
        if expect(w is not None, "main is not waiting for a lock"):
            expect(first_line(w["site"], source) == at["self-second"], "wait at the wrong line")
            owner = holders.get(w["id"], [])
            if expect(len(owner) == 1 and owner[0][0] is main, "the lock is not held by main itself"):
                expect(held_at(owner[0][1]["site"], source, at, "self-first", "Self"), "held at wrong site")
    elif scenario == "sleeper":
        expect(len(others) == 1, f"expected one other thread, got {len(others)}")
        expect(in_function(main["stack"], "pthread_join", "pthread_clockjoin", "thread::join"),
               "main is not in join")
        expect(has_line(main["stack"], source, at["sleeper-join"]), "main's join line is missing")
        expect("waitfor env: unset" in output, "CONC_PROBE_WAITFOR_JSON was left in the environment")
        if others:
            expect(in_function(others[0]["stack"], "nanosleep", "sleep_for"), "the sleeper does not sleep")
            expect(others[0]["waiting"] is None and not others[0]["held"], "the sleeper has locks")
    else:
        FAILURES.append(f"unknown scenario {scenario}")


ARGS = None


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--held-site", choices=["line", "function"], default="line")
    parser.add_argument("--conc-probe", help="run through `conc-probe run --locks` instead of LD_PRELOAD")
    args = ARGS = parser.parse_args()
    if os.path.exists(args.out):
        os.remove(args.out)
    env = dict(os.environ, CONC_PROBE_WAITFOR_JSON=args.out, CONC_PROBE_WAITFOR_AFTER_MS="0",
               CONC_PROBE_WAITFOR_SETTLE_MS="60000")
    command = [args.target, args.scenario]
    if args.conc_probe:
        command = [args.conc_probe, "run", "--locks", "--"] + command
    else:
        env.update(LD_PRELOAD=args.probe, CONC_PROBE_LOCKS="1")
    # The limit is only a guard against a broken probe: the dump comes as soon
    # as the program is stuck.
    if not os.access(args.target, os.X_OK):
        print(f"check_dump: no program {args.target} (for the g++ variant: is g++ installed?)")
        return 1
    run = subprocess.run(command, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=120)
    sys.stdout.write(run.stdout)
    expect(run.returncode == 124, f"exit status {run.returncode}, not 124 (the dump's)")
    try:
        with open(args.out, encoding="utf-8") as f:
            dump = json.load(f)
    except (OSError, ValueError) as error:
        FAILURES.append(f"no dump: {error}")
        dump = None
    if dump is not None:
        check(dump, args.scenario, args.source, run.stdout)
    for failure in FAILURES:
        print(f"check_dump: {failure}")
    if not FAILURES:
        print(f"check_dump: {args.scenario}: the dump says who waits for whom")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
