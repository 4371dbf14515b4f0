"""The statistics: intervals, response rates, scores, disclosure control and its audit.

Pure functions of data frames (docs/methodology.md, docs/disclosure.md); nothing here
reads or writes files.
"""
