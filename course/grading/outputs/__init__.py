"""The grader's outputs: CSV files, per-learner feedback pages and the class report.

Every file is written atomically (`course.atomic`) and deterministically:
rows sorted, no timestamps, numbers formatted one way (`formats`), figures
rendered with fixed metadata. Learner-provided text is escaped in HTML and
neutralised in CSV.
"""
