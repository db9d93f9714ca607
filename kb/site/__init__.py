"""Site-side logic: the build (build.py, driven by plugin.py) and the plain functions its steps call."""
