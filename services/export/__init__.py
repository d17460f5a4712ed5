"""The export of anonymised aggregates to the akimat's database (``docs/akimat-export.md``).

- :mod:`~services.export.aggregates`: the figures of a period, in SQL;
- :mod:`~services.export.akimat`: writing them, idempotently, with a batch row;
- :mod:`~services.export.claims`: once per period (``export_periods``);
- :mod:`~services.export.run`: the exporter, its retries, catch-up and alerts;
- :mod:`~services.export.files`: the same figures as CSV or JSON files, and Open311.
"""
