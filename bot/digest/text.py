"""The digest's message, in the current locale (HTML)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import html
from aiogram.utils.i18n import gettext as _

from bot.catalog import Catalog, Entry
from bot.digest import pulse
from bot.i18n import format_datetime, format_day, format_number
from bot.polls.render import share
from services.digests import ClosedPoll, Digest, ServiceRating, UpcomingHearing
from services.periods import Granularity


def name(entry: Entry | None, code: str, locale: str) -> str:
    return entry.name(locale) if entry is not None else code


def title(digest: Digest, locale: str) -> str:
    period = digest.period
    if period.granularity is Granularity.DAY:
        return _("Daily digest for {day}").format(day=format_day(period.start, locale))
    return _("Weekly digest for {first} – {last}").format(
        first=format_day(period.start, locale), last=format_day(period.last_day, locale)
    )


def _change(rating: ServiceRating, locale: str) -> str:
    if rating.change is None:
        return _("not rated the period before")
    if rating.change == 0:
        return _("unchanged")
    arrow = "▲ +" if rating.change > 0 else "▼ −"
    return arrow + format_number(abs(rating.change), locale)


def _poll(poll: ClosedPoll, locale: str) -> str:
    question = html.quote(poll.question(locale))
    reach = f"{poll.respondents} / {poll.delivered}"
    if poll.delivered:
        reach += f" ({share(poll.respondents, poll.delivered, locale, decimals=1)})"
    return f"• {question}: {reach}"


def _hearing(hearing: UpcomingHearing, catalog: Catalog, locale: str, tz: ZoneInfo) -> str:
    district = catalog.district(hearing.district)
    where = district.name(locale) if district is not None else _("The whole city")
    when = format_datetime(hearing.starts_at, locale, tz)
    return f"• {when}: {html.quote(hearing.title(locale))} ({html.quote(where)})"


def render(digest: Digest, catalog: Catalog, locale: str, tz: ZoneInfo) -> str:
    lines = [f"📊 <b>{html.quote(title(digest, locale))}</b>", ""]
    lines.append(_("New needs: {count}").format(count=digest.new_total))
    if digest.by_category:
        lines.append(_("By category:"))
        lines += [
            f"• {html.quote(name(catalog.category(code), code, locale))}: {count}"
            for code, count in digest.by_category
        ]
        lines.append(_("By district:"))
        lines += [
            f"• {html.quote(name(catalog.district(code), code, locale))}: {count}"
            for code, count in digest.by_district
        ]
    lines += [
        "",
        _("Open at the end of the period: {open}, overdue among them: {overdue}").format(
            open=digest.open_at_end, overdue=digest.overdue_at_end
        ),
        "",
    ]
    if digest.ratings:
        lines.append(_("Service ratings (average, change):"))
        for rating in digest.ratings:
            service = html.quote(name(catalog.service(rating.service), rating.service, locale))
            count = _("{count} rating", "{count} ratings", rating.count).format(count=rating.count)
            mean = format_number(rating.mean, locale)
            lines.append(f"• {service}: {mean} ({count}), {_change(rating, locale)}")
    else:
        lines.append(_("No service was rated."))
    if digest.polls:
        lines += ["", _("Polls closed in the period (answered / received):")]
        lines += [_poll(poll, locale) for poll in digest.polls]
    if digest.hearings:
        lines += ["", _("Public hearings in the coming week:")]
        lines += [_hearing(hearing, catalog, locale, tz) for hearing in digest.hearings]
    if digest.pulse is not None:
        lines += ["", *pulse.lines(digest.pulse, locale)]
    return "\n".join(lines)
