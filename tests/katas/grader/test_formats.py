#!/usr/bin/env python3
"""formats: text, --json, Exercism v3 and GitHub Classroom, from one grade."""
import unittest

import support  # noqa: F401
from conc_kata.catalogue import Kata
from conc_kata.formats import classroom_results, error_results, exercism_results, grade_text
from conc_kata.grade import Grade, Stage


def make_grade(statuses):
    kata = Kata.__new__(Kata)
    kata.name, kata.number, kata.slug, kata.title = "05-demo", "05", "demo", "Demo"
    stages = []
    for name, status in statuses:
        stage = Stage(name)
        {"pass": lambda: stage.passed("ok"), "fail": lambda: stage.failed("broken\nsecond line",
                                                                          "program output"),
         "skipped": lambda: stage.skipped("not here")}[status]()
        stages.append(stage)
    grade = Grade(kata, stages)
    grade.seconds = 1.25
    return grade


class Formats(unittest.TestCase):
    def test_json_scores(self):
        data = make_grade([("build", "pass"), ("tests", "fail"), ("tidy", "skipped")]).to_json()
        self.assertEqual((data["score"], data["max_score"], data["passed"]), (20, 50, False))
        self.assertEqual([s["name"] for s in data["stages"]], ["build", "tests", "tidy"])
        for stage in data["stages"]:
            self.assertEqual(set(stage), {"name", "status", "points", "max_points", "message",
                                          "details", "seconds"})

    def test_text(self):
        grade = make_grade([("build", "pass"), ("tests", "fail")])
        self.assertEqual(grade_text(grade), [
            "05 demo: Demo",
            "  PASS build  20/20 ok",
            "  FAIL tests   0/30 broken",
            "                    second line",
            "  score 20/50 (not yet) in 1.2 s"])
        self.assertIn("                    | program output", grade_text(grade, verbose=True))

    def test_exercism_v3(self):
        data = exercism_results(make_grade([("build", "pass"), ("tests", "fail"),
                                            ("tidy", "skipped")]))
        self.assertEqual(data["version"], 3)
        self.assertEqual(data["status"], "fail")
        self.assertEqual([t["status"] for t in data["tests"]], ["pass", "fail"])
        self.assertEqual(data["tests"][1]["message"], "broken\nsecond line")
        self.assertEqual(data["tests"][1]["task_id"], 2)
        self.assertEqual(error_results("exercism", "boom"),
                         {"version": 3, "status": "error", "message": "boom"})

    def test_classroom(self):
        data = classroom_results([make_grade([("build", "pass"), ("tests", "pass")])])
        self.assertEqual((data["version"], data["status"], data["max_score"]), (1, "pass", 50))
        self.assertEqual([(t["name"], t["score"]) for t in data["tests"]],
                         [("05-demo build", 20), ("05-demo tests", 30)])
        self.assertEqual(error_results("classroom", "boom")["status"], "error")
        self.assertEqual(error_results("json", "boom"), {"error": "boom"})


if __name__ == "__main__":
    unittest.main(verbosity=2)
