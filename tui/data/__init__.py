"""What the console shows, computed once per load: rows, health, filters and groupings.

Everything here is plain Python over the core's records (per-model summaries from
:mod:`registry.summary`, findings, owners), with no Textual import, so that it is fast
to test and so that the widgets only draw.
"""
