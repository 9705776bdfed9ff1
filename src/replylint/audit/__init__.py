"""`replylint audit`: lint an archive of sent replies and summarise it per rule, group and period.

exports (records.py) -> per-partition summaries (worker.py, on an engine in engines/) -> merged
Summary (summary.py) -> summary.json and index.html (report.py, page.py, charts.py).
"""
