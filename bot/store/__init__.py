"""SQLite state: quiz sessions and answers, feedback, usage counters, audit (see db.py, repo.py)."""
