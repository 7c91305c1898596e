#!/usr/bin/env python3
"""Tests of conc-kata's wait-for picture (katas/grader/conc_kata/deadlock_picture.py).

    deadlock_picture_test.py --grader-dir katas/grader [--config build/katas/grader/conc-kata.json]

Without --config: the module alone, on hand-written dumps and a fake runner.
With --config (the build's grader configuration): the real grader on the
starters of kata 05 (its own test deadlocks on every run) and kata 14 (with
tests/katas/forced/transfer_deadlock_test.cpp, which forces its lock-order
deadlock on every run), each graded with a 2 s limit and the build and tests
stages only; the picture's lines are checked against the starters' sources.
"""
import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import unittest

ARGS = None
HERE = os.path.dirname(os.path.abspath(__file__))


def module():
    sys.path.insert(0, ARGS.grader_dir)
    from conc_kata import deadlock_picture
    return deadlock_picture


def frame(function, file, line):
    return {"function": function, "file": file, "line": line, "module": "kata-plain"}


def lock(lock_id, site, kind="mutex"):
    return {"id": lock_id, "address": f"0x{lock_id:x}0", "kind": kind, "write": True, "count": 1,
            "site": site}


def thread(tid, serial=0, main=False, state="S", stack=(), creation=(), waiting=None, held=()):
    return {"tid": tid, "main": main, "serial": serial, "name": "kata", "state": state,
            "creation": list(creation), "stack": list(stack), "stack_error": "",
            "waiting": waiting, "held": list(held)}


SLEEP = [frame("clock_nanosleep", "../sysdeps/unix/sysv/linux/clock_nanosleep.c", 48),
         frame("std::this_thread::sleep_for<long, std::ratio<1l, 1l> >(std::chrono::duration<long> const&)",
               "/usr/include/c++/12/bits/this_thread_sleep.h", 80)]
JOIN = [frame("__futex_abstimed_wait_common", "./nptl/futex-internal.c", 87),
        frame("__pthread_clockjoin_ex", "./nptl/pthread_join_common.c", 102),
        frame("std::thread::join()", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", 0)]
CONDVAR = [frame("__futex_abstimed_wait_common", "./nptl/futex-internal.c", 87),
           frame("___pthread_cond_wait", "./nptl/pthread_cond_wait.c", 618),
           frame("std::condition_variable::wait(std::unique_lock<std::mutex>&)",
                 "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", 0)]


class Names(unittest.TestCase):
    def test_functions_are_shortened(self):
        dp = module()
        self.assertEqual(dp.short_function("(anonymous namespace)::Inventory::take(std::string const&, int) const"),
                         "Inventory::take")
        self.assertEqual(dp.short_function("Bank_TransfersBothWaysAtOnce_Test::TestBody()"),
                         "TEST(Bank, TransfersBothWaysAtOnce)")
        self.assertEqual(dp.short_function("Cycle()::$_0::operator()() const"), "a lambda in Cycle")
        self.assertEqual(dp.short_function("Pool::run()::{lambda()#1}::operator()() const"),
                         "a lambda in Pool::run")
        self.assertEqual(dp.short_function("transfer(Account&, Account&, long)"), "transfer")

    def test_locks_are_named_from_their_line(self):
        dp = module()
        with tempfile.TemporaryDirectory() as tmp:
            lines = ["  mutex_.lock();", "  std::lock_guard lock_from(from.mutex);",
                     "  std::unique_lock<std::mutex> lk{queue->mu};", "  pthread_mutex_lock(&g_mu);",
                     "  std::scoped_lock both(a.mu, b.mu);", "  helper();  // mutex_.lock() inside",
                     "  account->mutex.lock_shared();"]
            with open(os.path.join(tmp, "x.cpp"), "w") as f:
                f.write("\n".join(lines) + "\n")
            sources = dp._Sources(tmp)
            names = [dp.lock_name(lock(1, []), frame("f", "./x.cpp", n), sources) for n in range(1, 8)]
        self.assertEqual(names, ["'mutex_'", "'from.mutex'", "'queue->mu'", "'g_mu'", "'a.mu'",
                                 "the mutex at 0x10", "'account->mutex'"])


class Picture(unittest.TestCase):
    """Hand-written dumps, with the learner's file written to a directory."""

    SOURCE = ["void Inventory::restock() {",         # 1
              "  mutex_.lock();",                    # 2
              "  sleep_for(1h);",                    # 3
              "}",                                   # 4
              "bool Inventory::take() {",            # 5
              "  std::lock_guard guard(mutex_);",    # 6
              "}",                                   # 7
              "void transfer(Account& from, Account& to) {",  # 8
              "  std::lock_guard lock_from(from.mutex);",     # 9
              "  std::lock_guard lock_to(to.mutex);",         # 10
              "}"]                                            # 11

    def draw(self, dump):
        dp = module()
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "inventory.cpp"), "w") as f:
                f.write("\n".join(self.SOURCE) + "\n")
            return dp.picture(dump, ["inventory.h", "inventory.cpp"], tmp, 5)

    def test_a_lock_held_by_a_thread_stuck_in_sleep(self):
        restock = [frame("Inventory::restock()", "./inventory.cpp", 2)]
        started = [frame("std::thread::thread<...>()", "/usr/include/c++/12/bits/std_thread.h", 142),
                   frame("Inventory_Restock_Test::TestBody()", "./test.cpp", 20)]
        dump = {"settled": True, "locks": True, "exited": [], "threads": [
            thread(10, main=True, stack=[frame("futex_wait", "../sysdeps/nptl/futex-internal.h", 146),
                                         frame("Inventory::take()", "./inventory.cpp", 6)],
                   waiting=lock(7, [frame("Inventory::take()", "./inventory.cpp", 6)])),
            thread(11, serial=1, creation=started,
                   stack=SLEEP + [frame("Inventory::restock()", "./inventory.cpp", 3)],
                   held=[lock(7, restock)])]}
        self.assertEqual(self.draw(dump)[1:], [
            "  thread 2 (started in TEST(Inventory, Restock), test.cpp:20) holds 'mutex_' (inventory.cpp:2), "
            "waits for nothing: stuck in sleep in Inventory::restock (inventory.cpp:3)",
            "  main thread waits for 'mutex_' in Inventory::take (inventory.cpp:6), held by thread 2"])
        self.assertIn("every thread was blocked", self.draw(dump)[0])

    def test_a_cycle_is_named(self):
        first, second = ([frame("transfer(Account&, Account&)", "./inventory.cpp", n)] for n in (9, 10))
        dump = {"settled": True, "locks": True, "exited": [], "threads": [
            thread(10, main=True, stack=JOIN + [frame("Bank_Both_Test::TestBody()", "./test.cpp", 30)]),
            thread(12, serial=2, held=[lock(2, first)], waiting=lock(1, second)),
            thread(11, serial=1, held=[lock(1, first)], waiting=lock(2, second))]}
        lines = self.draw(dump)
        self.assertEqual(lines[1:], [
            "  thread 2 holds 'from.mutex' (inventory.cpp:9), waits for 'to.mutex' in transfer "
            "(inventory.cpp:10), held by thread 3",
            "  thread 3 holds 'from.mutex' (inventory.cpp:9), waits for 'to.mutex' in transfer "
            "(inventory.cpp:10), held by thread 2",
            "  main thread waits in join in TEST(Bank, Both) (test.cpp:30) for a thread to finish",
            "  cycle: thread 2 -> thread 3 -> thread 2: each waits for a lock the next one holds "
            "(a lock-order deadlock)"])

    def test_a_lock_held_by_a_thread_that_exited(self):
        dump = {"settled": True, "locks": True, "threads": [
            thread(10, main=True, waiting=lock(3, [frame("Inventory::take()", "./inventory.cpp", 6)]))],
            "exited": [thread(99, state="X", held=[lock(3, [frame("Inventory::restock()", "./inventory.cpp", 2)])])]}
        self.assertEqual(self.draw(dump)[1:], [
            "  main thread waits for 'mutex_' in Inventory::take (inventory.cpp:6), held by thread 99 "
            "(exited), which ended without unlocking it (taken in Inventory::restock, inventory.cpp:2)",
            "  thread 99 (exited) ended and still holds 'mutex_' (inventory.cpp:2)"])

    def test_a_condition_variable_wait_has_no_holder(self):
        # The tracker still counts the mutex the wait released: it is not shown.
        dump = {"settled": True, "locks": True, "exited": [], "threads": [
            thread(10, main=True, stack=CONDVAR + [frame("Inventory::take()", "./inventory.cpp", 6)],
                   held=[lock(4, [frame("Inventory::take()", "./inventory.cpp", 6)])])]}
        self.assertEqual(self.draw(dump)[1:], [
            "  main thread waits on a condition variable in Inventory::take (inventory.cpp:6): no thread "
            "holds it; it waits for a notify that never comes"])

    def test_a_channel_wait_has_no_holder(self):
        channel = [frame("syscall", "../sysdeps/unix/sysv/linux/x86_64/syscall.S", 38),
                   frame("conc::internal::Waiter::wait_until(std::optional<long>)", "libconc.so", 0),
                   frame("conc::Channel<int>::recv_impl(std::optional<long>, std::stop_token*, bool)",
                         "/opt/conc/include/conc/channel.h", 400),
                   frame("conc::Channel<int>::recv()", "/opt/conc/include/conc/channel.h", 198)]
        dump = {"settled": True, "locks": True, "exited": [], "threads": [
            thread(10, main=True, stack=channel + [frame("Inventory::take()", "./inventory.cpp", 6)])]}
        self.assertEqual(self.draw(dump)[1:], [
            "  main thread waits in conc::Channel<int>::recv in Inventory::take (inventory.cpp:6): a channel "
            "has no holder; it waits for a send, receive or close that never comes"])

    def test_a_read_lock_with_two_holders(self):
        reading = [frame("Inventory::restock()", "./inventory.cpp", 2)]
        dump = {"settled": True, "locks": True, "exited": [], "threads": [
            thread(10, main=True, waiting=lock(6, [frame("Inventory::take()", "./inventory.cpp", 6)], "rwlock")),
            thread(11, serial=1, stack=SLEEP, held=[lock(6, reading, "rwlock")]),
            thread(12, serial=2, stack=SLEEP, held=[lock(6, reading, "rwlock")])]}
        self.assertEqual(self.draw(dump)[-1],
                         "  main thread waits for 'mutex_' in Inventory::take (inventory.cpp:6), "
                         "held by thread 2 and thread 3")

    def test_a_lock_nobody_is_known_to_hold(self):
        dump = {"settled": True, "locks": True, "exited": [], "threads": [
            thread(10, main=True, waiting=lock(5, [frame("Inventory::take()", "./inventory.cpp", 6)]))]}
        self.assertEqual(self.draw(dump)[1:], [
            "  main thread waits for 'mutex_' in Inventory::take (inventory.cpp:6), held by no thread "
            "the probe saw take it"])

    def test_a_process_still_running(self):
        dump = {"settled": False, "locks": True, "exited": [], "threads": [
            thread(10, main=True, state="R", stack=[frame("Inventory::take()", "./inventory.cpp", 6)])]}
        lines = self.draw(dump)
        self.assertIn("still running: an endless loop, or too slow", lines[0])
        self.assertEqual(lines[1:], ["  main thread is still running in Inventory::take (inventory.cpp:6)"])


class Rerun(unittest.TestCase):
    class Result:
        def __init__(self, timed_out):
            self.timed_out = timed_out
            self.output = ""
            self.returncode = 124

    def test_a_rerun_that_finishes_is_the_verdict(self):
        dp = module()
        first = self.Result(True)
        with tempfile.TemporaryDirectory() as tmp:
            seen = {}

            def runner(argv, timeout, env=None, cwd=None):
                seen.update(env=env, timeout=timeout)
                return self.Result(False)
            run = dp.rerun(first, ["kata"], 5, {"A": "1"}, tmp, runner, ["x.cpp"])
        self.assertFalse(run.timed_out)
        self.assertEqual(dp.text(run), "")
        self.assertEqual(seen["env"]["CONC_PROBE_LOCKS"], "1")
        self.assertEqual(seen["env"]["CONC_PROBE_WAITFOR_AFTER_MS"], "5000")
        self.assertEqual(seen["env"]["A"], "1")
        self.assertGreater(seen["timeout"], 5)

    def test_a_dump_makes_a_timed_out_run_with_a_picture(self):
        dp = module()
        with tempfile.TemporaryDirectory() as tmp:
            def runner(argv, timeout, env=None, cwd=None):
                with open(env["CONC_PROBE_WAITFOR_JSON"], "w") as f:
                    json.dump({"settled": True, "locks": True, "exited": [], "threads": [
                        thread(1, main=True, stack=JOIN)]}, f)
                return self.Result(False)  # the probe ends the process itself (status 124)
            run = dp.rerun(self.Result(True), ["kata"], 5, {}, tmp, runner, ["x.cpp"])
        self.assertTrue(run.timed_out)
        self.assertIn("\n  main thread waits in join", dp.text(run))

    def test_a_dump_of_another_shape_is_said_not_raised(self):
        dp = module()
        with tempfile.TemporaryDirectory() as tmp:
            def runner(argv, timeout, env=None, cwd=None):
                with open(env["CONC_PROBE_WAITFOR_JSON"], "w") as f:
                    json.dump({"settled": True, "threads": [{"tid": 1, "waiting": {"site": []}}]}, f)
                return self.Result(False)
            run = dp.rerun(self.Result(True), ["kata"], 5, {}, tmp, runner, ["x.cpp"])
        self.assertTrue(run.timed_out)
        self.assertRegex(dp.text(run), r"^\n\(no picture: the probe's wait-for dump .* is not in the expected form")

    def test_no_dump_and_no_end_keeps_the_first_run(self):
        dp = module()
        first = self.Result(True)
        with tempfile.TemporaryDirectory() as tmp:
            run = dp.rerun(first, ["kata"], 5, {}, tmp, lambda *a, **k: self.Result(True), ["x.cpp"])
        self.assertIs(run, first)


def site_lines(path):
    """{name: line} for the lines of a kata's source that take a lock."""
    with open(path, encoding="utf-8") as f:
        return [n for n, text in enumerate(f, 1) if re.search(r"\.lock\(\)|lock_guard", text)]


class KataStarters(unittest.TestCase):
    """The real grader on two starters; needs --config (the build's grader)."""

    def grade(self, name, test_cpp=None):
        sys.path.insert(0, ARGS.grader_dir)
        from conc_kata.catalogue import Kata
        from conc_kata.config import Config
        from conc_kata.grader import Grader
        with open(ARGS.config, encoding="utf-8") as f:
            values = json.load(f)
        source = os.path.join(values["katas_dir"], name)
        work = tempfile.mkdtemp(prefix="waitfor-", dir=ARGS.work)
        try:
            katas = os.path.join(work, "katas")
            shutil.copytree(source, os.path.join(katas, name))
            meta_path = os.path.join(katas, name, "kata.json")
            with open(meta_path, encoding="utf-8") as f:
                meta = json.load(f)
            # The picture is about these two stages (and the starter fails the tests).
            meta.update(timeout=2, stages=["build", "tests"], starter_fails="tests")
            with open(meta_path, "w", encoding="utf-8") as f:
                json.dump(meta, f)
            if test_cpp:
                shutil.copyfile(test_cpp, os.path.join(katas, name, "test.cpp"))
            config = Config(dict(values, katas_dir=katas))
            # An idle machine as far as the limits go: the re-run that draws
            # the picture is stopped after exactly the kata's timeout.
            grader = Grader(config, os.path.join(ARGS.work, "cache"), slowdown=lambda: 1.0)
            kata = Kata(config, name)
            grade = grader.grade(kata, os.path.join(source))
            return grade.stage("tests"), source
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def test_kata_05_starter(self):
        tests, source = self.grade("05-bare-lock-early-return")
        self.assertEqual(tests.status, "fail")
        lines = tests.message.splitlines()
        self.assertIn("deadlock or endless loop (timed out after 2 s) in test "
                      "Inventory.TakeMoreThanInStockThenCarryOn", lines[0])
        # take() locks at its first line and returns false without unlocking.
        take = next(n for n in site_lines(os.path.join(source, "inventory.cpp"))
                    if n > 10)  # the lock in take(), after add()
        self.assertEqual(lines[1:], [
            "who waits for whom (the tests run again with the lock probe, stopped after 2 s; every "
            "thread was blocked):",
            f"  main thread holds 'mutex_' (inventory.cpp:{take}), waits for 'mutex_' in Inventory::take "
            f"(inventory.cpp:{take}), held by this same thread: it waits for itself"])

    def test_kata_14_starter_forced(self):
        forced = os.path.join(HERE, "forced", "transfer_deadlock_test.cpp")
        tests, source = self.grade("14-transfer-deadlock", forced)
        self.assertEqual(tests.status, "fail")
        first, second = site_lines(os.path.join(source, "bank.cpp"))[:2]
        with open(forced, encoding="utf-8") as f:
            test_lines = f.read().splitlines()
        starts = [n for n, text in enumerate(test_lines, 1) if "std::thread to_" in text]
        join = next(n for n, text in enumerate(test_lines, 1) if "to_bob.join()" in text)
        lines = tests.message.splitlines()
        self.assertIn("deadlock or endless loop (timed out after 2 s) in test "
                      "Bank.TransfersBothWaysAtOnceForced", lines[0])
        body = "TEST(Bank, TransfersBothWaysAtOnceForced)"
        self.assertEqual(lines[2:], [
            f"  thread 2 (started in {body}, test.cpp:{starts[0]}) holds 'from.mutex' (bank.cpp:{first}), "
            f"waits for 'to.mutex' in transfer (bank.cpp:{second}), held by thread 3",
            f"  thread 3 (started in {body}, test.cpp:{starts[1]}) holds 'from.mutex' (bank.cpp:{first}), "
            f"waits for 'to.mutex' in transfer (bank.cpp:{second}), held by thread 2",
            f"  main thread waits in join in {body} (test.cpp:{join}) for a thread to finish",
            "  cycle: thread 2 -> thread 3 -> thread 2: each waits for a lock the next one holds "
            "(a lock-order deadlock)"])


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--grader-dir", required=True)
    parser.add_argument("--config", help="the build's conc-kata.json: also grade two starters")
    parser.add_argument("--work", default=tempfile.gettempdir())
    ARGS, rest = parser.parse_known_args()
    os.makedirs(ARGS.work, exist_ok=True)
    suite = unittest.TestSuite()
    loader = unittest.defaultTestLoader
    for case in (Names, Picture, Rerun) + ((KataStarters,) if ARGS.config else ()):
        suite.addTests(loader.loadTestsFromTestCase(case))
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
