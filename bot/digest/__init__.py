"""The moderators' digests: the text (:mod:`~bot.digest.text`), a chart
(:mod:`~bot.digest.chart`), a spreadsheet (:mod:`~bot.digest.workbook`), and sending them
once per period (:mod:`~bot.digest.digests`)."""
