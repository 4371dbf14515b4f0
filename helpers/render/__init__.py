"""Rendering one report: execute the template notebook, export the page, check it, print it.

Its modules import papermill, nbconvert and nbformat only where they are used, so that
a batch with nothing to render (every page up to date) starts quickly.
"""
