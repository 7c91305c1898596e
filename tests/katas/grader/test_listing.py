#!/usr/bin/env python3
"""listing: `conc-kata list` shows a progress bar (done/total), each kata's
state, and the next kata, as rustlings does."""
import tempfile
import unittest

import support
from conc_kata.listing import list_json, list_lines, progress_bar


class Listing(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.katas = [support.write_kata(self.tmp.name, f"0{i}-demo-{i}",
                                         meta=dict(support.DEMO_META, title=f"Demo {i}"))
                      for i in (1, 2, 3)]

    def tearDown(self):
        self.tmp.cleanup()

    def test_progress_bar(self):
        self.assertEqual(progress_bar(0, 4, width=8), "[--------] 0/4")
        self.assertEqual(progress_bar(1, 4, width=8), "[##------] 1/4")
        self.assertEqual(progress_bar(4, 4, width=8), "[########] 4/4")
        self.assertEqual(progress_bar(0, 0, width=8), "[--------] 0/0")

    def test_next_is_the_first_unsolved(self):
        progress = {"01-demo-1": {"passed": True},
                    "02-demo-2": {"attempts": 2, "last_score": 40, "max_score": 100}}
        lines = list_lines(self.katas, progress)
        self.assertEqual(lines[0], "Progress [##########--------------------] 1/3")
        self.assertTrue(lines[1].startswith("     done  01 demo-1"))
        self.assertIn(" 40/100  02 demo-2", lines[2])
        self.assertTrue(lines[2].endswith("Demo 2 <- next"), lines[2])
        self.assertFalse(lines[3].endswith("<- next"))
        self.assertEqual(lines[-1], "Next: 02 demo-2: Demo 2 (`conc-kata check 02`, or "
                                    "`conc-kata watch`)")
        data = list_json(self.katas, progress)
        self.assertEqual((data["done"], data["total"], data["next"]), (1, 3, "02-demo-2"))

    def test_all_done(self):
        progress = {k.name: {"passed": True} for k in self.katas}
        lines = list_lines(self.katas, progress)
        self.assertEqual(lines[0], "Progress [##############################] 3/3")
        self.assertEqual(lines[-1], "All 3 katas pass. Well done.")
        self.assertFalse(any(line.endswith("<- next") for line in lines))
        self.assertIsNone(list_json(self.katas, progress)["next"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
