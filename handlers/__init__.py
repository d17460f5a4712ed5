"""Kenes' routers, in the order an update tries them: /cancel first (it must work inside any
flow), then the features, and the fallback last."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin,
    cancel,
    console,
    errors,
    fallback,
    group_guard,
    hearings,
    help,
    language,
    membership,
    moderation,
    moderators,
    my,
    needs,
    poll_admin,
    polls,
    privacy,
    ratings,
    staff_panel,
    start,
    stats,
    verdict,
)


def get_routers() -> list[Router]:
    routers = [
        errors.router,
        cancel.router,
        hearings.links,  # /start h_<id> opens a hearing, before /start itself
        start.router,
        language.router,
        help.router,
        privacy.router,
        membership.router,
        group_guard.router,
        moderators.router,
        admin.router,
        staff_panel.router,
        console.router,
        poll_admin.router,
        moderation.router,
        needs.router,
        ratings.router,
        my.router,
        verdict.router,
        stats.router,
        polls.router,
        hearings.router,
        fallback.router,
    ]
    # Routers live at module level, and aiogram attaches a router to one parent only. The
    # tests and the playground build a new dispatcher in the same process after the old one
    # stopped, so let go of that one first.
    for router in routers:
        router._parent_router = None
    return routers
