"""`conc-kata list`: a progress bar (katas done out of all), each kata's
state, and the next kata to do, as rustlings shows them."""

from .catalogue import next_unsolved
from .formats import paint


def progress_bar(done, total, width=30):
    filled = int(width * done / total) if total else 0
    return "[" + "#" * filled + "-" * (width - filled) + f"] {done}/{total}"


def count_done(katas, progress):
    return sum(1 for k in katas if progress.get(k.name, {}).get("passed"))


def list_lines(katas, progress):
    """The text of `conc-kata list`; progress is progress.json's "katas"."""
    done = count_done(katas, progress)
    upcoming = next_unsolved(katas, progress)
    lines = [f"Progress {progress_bar(done, len(katas))}"]
    for kata in katas:
        entry = progress.get(kata.name, {})
        if entry.get("passed"):
            mark = paint("done", "32")
        elif entry.get("attempts"):
            mark = paint(f"{entry.get('last_score', 0):>3}/{entry.get('max_score', 0):<3}", "33")
        else:
            mark = "  -    "
        arrow = " <- next" if upcoming is not None and kata.name == upcoming.name else ""
        lines.append(f"  {mark:>7}  {kata.number} {kata.slug:<30} {kata.difficulty:<7} "
                     f"{kata.title}{arrow}")
    if upcoming is None:
        lines.append(f"All {len(katas)} katas pass. Well done.")
    else:
        lines.append(f"Next: {upcoming.number} {upcoming.slug}: {upcoming.title} "
                     f"(`conc-kata check {upcoming.number}`, or `conc-kata watch`)")
    return lines


def list_json(katas, progress):
    upcoming = next_unsolved(katas, progress)
    return {"done": count_done(katas, progress), "total": len(katas),
            "next": upcoming.name if upcoming else None,
            "katas": [{"kata": k.name, "title": k.title, "difficulty": k.difficulty,
                       **progress.get(k.name, {})} for k in katas]}
