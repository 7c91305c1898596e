"""A grade: one Stage per graded stage, each with its points and message."""

from .catalogue import STAGES


class Stage:
    def __init__(self, name):
        self.name = name
        self.max_points = STAGES[name][0]
        self.points = 0
        self.status = "pending"
        self.message = ""
        self.details = ""
        self.seconds = 0.0

    def passed(self, message, details=""):
        self.status, self.points, self.message, self.details = "pass", self.max_points, message, details

    def failed(self, message, details=""):
        self.status, self.points, self.message, self.details = "fail", 0, message, details

    def skipped(self, message):
        # Not gradable here (a tool or check is missing): it counts neither way.
        self.status, self.points, self.max_points, self.message = "skipped", 0, 0, message

    def to_json(self):
        return {"name": self.name, "status": self.status, "points": self.points,
                "max_points": self.max_points, "message": self.message,
                "details": self.details, "seconds": round(self.seconds, 2)}


class Grade:
    def __init__(self, kata, stages):
        self.kata = kata
        self.stages = stages
        self.seconds = 0.0

    @property
    def score(self):
        return sum(s.points for s in self.stages)

    @property
    def max_score(self):
        return sum(s.max_points for s in self.stages)

    @property
    def full_marks(self):
        return all(s.status in ("pass", "skipped") for s in self.stages)

    def stage(self, name):
        return next((s for s in self.stages if s.name == name), None)

    def to_json(self):
        return {"kata": self.kata.name, "title": self.kata.title, "score": self.score,
                "max_score": self.max_score, "passed": self.full_marks,
                "seconds": round(self.seconds, 2),
                "stages": [s.to_json() for s in self.stages]}
