"""The demo: deterministic demo data for a county and the commands that load and serve it.

The top layer: it may import any app, and no app imports it. `registry/` generates the
registry (families, children) and the demo personas; every other app ships its own `demo.py`
(see discovery.py), which `manage.py seed_demo` runs without naming it.
"""
