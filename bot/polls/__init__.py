"""Civic polls as people see them: the card and the results (:mod:`~bot.polls.render`),
what poll broadcasts say (:mod:`~bot.polls.broadcasts`), the SDG 16.7.2 pulse's questions
(:mod:`~bot.polls.pulse_texts`) and its report (:mod:`~bot.polls.pulse_report`)."""
