"""What ``psoas`` with no arguments prints: what psoas is and the one next step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from psoas import __version__

if TYPE_CHECKING:
    from psoas.cli.context import Context

INTRO = """\
psoas {version} - a guided psoas self-care program:
self-test, release, stretch, strengthen, re-test.
"""

COMMANDS = """\
Commands:
  psoas check                   take the two-minute self-test (it asks, you answer)
  psoas plan                    tonight's routine, made from your test
  psoas start                   do it now, guided: countdown, cues, chimes
  psoas progress                how your test and pain change over the months
  psoas catalog                 every practice, grouped by kind
  psoas show bolster-release    one practice: steps, hold, props, cautions, sources
  psoas --help                  every command
"""

DISCLAIMER = """\
psoas offers self-care from published articles, not medical advice. New numbness in
the groin, new bladder or bowel trouble or a leg getting weaker: get medical care
today. Bruising, swelling, a fresh strain or fall, fever, numbness, or severe or
worsening pain: see a healthcare provider first. psoas asks again before every session.
"""


def next_step(ctx: Context) -> str:
    """The one thing to do next, judged from what is stored."""
    import shlex
    from datetime import date

    from psoas.core.psfs import is_due
    from psoas.exceptions import PsoasError
    from psoas.store.psfs_records import psfs_of
    from psoas.store.repository import latest_test, profile_id, unfinished_session
    from psoas.store.routine_records import routine_records
    from psoas.usecases.tonight import tonight_routine

    try:
        with ctx.db.session() as db:
            profile = profile_id(db)
            active = unfinished_session(db, profile)
            tested = latest_test(db, profile) is not None
            started = active.started_at if active else None
            chosen = tonight_routine(db, profile, date.today())
            waiting = [
                r for r in routine_records(db, profile) if r.status == "offered" or r.offered
            ]
            psfs_due = is_due(psfs_of(db, profile), date.today())
    except PsoasError as exc:
        return f"(Your data could not be read: {exc})\nNext: psoas check\n"
    waits = "Also: psoas routine accept {}   (from your physiotherapist {})\n"
    also = "".join(waits.format(shlex.quote(r.name), r.author) for r in waiting)
    if tested and psfs_due:
        also += "Also: psoas psfs answer   (the PSFS is due: three activities, 0 to 10)\n"
    if started is not None:
        when = started.astimezone()
        return (
            f"Next: psoas resume   (your session of {when:%a %d %b %H:%M} is unfinished)\n" + also
        )
    if not tested:
        return "Next: psoas check    (start with the two-minute self-test)\n" + also
    routine = f"your routine {chosen.name}" if chosen else "tonight's bedtime routine"
    return f"Next: psoas start    ({routine}, built from your latest test)\n" + also


def welcome(ctx: Context) -> str:
    """The whole welcome text."""
    return "\n".join([INTRO.format(version=__version__), next_step(ctx), COMMANDS, DISCLAIMER])
