"""The attacker's audit of every published figure, and complementary suppression.

docs/methodology.md, section 5, "Audit against every published figure", and
docs/disclosure.md. Primary, secondary and Wales suppression
(:mod:`helpers.stats.disclosure`) hide each small figure and the figures that
give it back by one subtraction. The published tables are linked in more ways
than that: an ``all`` row is the sum of its groups, a Wales row the sum of its
councils, a theme's ``theme_agree_pct`` pools its statements, a mean times its
``n`` is a sum, ``rest_agree_pct`` is Wales minus the council. An attacker
holding every published figure and a linear-programming solver can combine
them all at once. This package is that attacker, and the cure:

* :func:`helpers.stats.audit.bounds.audit` writes every published figure as a
  linear equation on hidden counts and bounds each hidden count of each small
  cell (a suppressed row with ``0 < n < 5``) by linear programming (the HiGHS
  solver, through its Python package ``highspy``). A small cell is
  *protected* when those bounds are no narrower than what its council's own
  published ``all`` row already allows.
* :func:`helpers.stats.audit.search.protect` adds complementary suppression
  where a small cell is not protected, choosing the cells that lose least
  information, until every small cell is protected (a fixed point);
  :mod:`helpers.stats.giveback` then publishes again every complement the
  audit does not need.

Its modules, from the bottom up:

* ``vocabulary``: the tables, the kinds of hidden leaf, their functionals and
  the counts audited;
* ``records``: the results (bounds of a count, audit of a cell and of every
  cell, the protection decided);
* ``model``: one block's leaves, rows and equations;
* ``tables``: the published tables read into blocks (what each row makes known);
* ``program``: a linear programme over hidden leaves, solved by HiGHS;
* ``state``: a block's equations under one publication state, and its programmes;
* ``reference``: the reference bounds (what a council's own rows allow);
* ``bounds``: the attacker's bounds of each small cell, and ``audit``;
* ``units``: the units of complementary suppression, their cost and the candidates;
* ``search``: the search for complements, to its fixed point, and ``protect``.

References
----------
.. [1] Hundepool, A. et al. (2012). *Statistical Disclosure Control*, Wiley,
   chapter 4 (tabular data: primary and secondary suppression, the
   attacker's linear-programming bounds, "protection intervals").
.. [2] Fischetti, M. and Salazar-González, J.-J. (1999). Models and
   algorithms for the 2-dimensional cell suppression problem in statistical
   disclosure control. *Mathematical Programming* 84, 283-312.
.. [3] Office for National Statistics (2021). *Statistical Disclosure Control
   Policy for Tables Produced from Surveys* (disclosure by differencing).
"""
