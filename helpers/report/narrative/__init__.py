"""Words for figures: proportions in words, percentages as printed, sentences.

The words follow the convention of UK public-sector inspection reports
(docs/methodology.md, section 7); percentages are rounded half up, as in the published
tables.

Every sentence is a whole sentence template of the translation catalogues
(:mod:`helpers.i18n`), one per language, with named placeholders: the code
chooses the template (by proportion band, funnel position, difference, number
of statements) and fills it; it never joins English fragments. Each function
takes ``language`` (``"en"`` by default, or ``"cy"``).

Modules: :mod:`~helpers.report.narrative.numbers` (percentages and decimals as
printed), :mod:`~helpers.report.narrative.proportions` (the band and word of a
proportion), :mod:`~helpers.report.narrative.groups` (groups and their
proportions as phrases), then the sentences of each part of a report:
:mod:`~helpers.report.narrative.responses` (the funnel plot),
:mod:`~helpers.report.narrative.maturity` (maturity levels),
:mod:`~helpers.report.narrative.agreement` (agreement with the statements and
differences from the rest of Wales) and :mod:`~helpers.report.narrative.public`
(the public survey).
"""
