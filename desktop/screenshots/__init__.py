"""Pictures of every area and dialog over the sample articles, for reviews and documentation.

`python -m desktop.screenshots OUTDIR --size 1280x800` (see __main__.py). The scenes
(scenes.py) are also what tests/desktop/test_fit.py walks, so pictures and checks stay in step.
"""
