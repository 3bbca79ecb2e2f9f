"""Speed benchmarks of the map page: `make bench` runs `python -m benchmarks`.

See benchmarks/__main__.py for the figures and targets, naive_app.py for the
baseline and floor_app.py for the floor of the stack. Results are written to
benchmarks/results/latest.json (git-ignored).
"""
