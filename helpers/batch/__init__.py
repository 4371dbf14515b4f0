"""``report --all``: many reports at once, with their cache, executors (local or Dask),
failures and the index pages (docs/operations.md).
"""
