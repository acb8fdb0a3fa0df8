"""Tonight's plan carried on the phone, so a session can start with no network.

The player keeps a *pack*: tonight's plan for every screen the phone can answer on
its own, each plan *sealed* (signed by the server for this person). Offline, the
phone picks the plan for the answers given and runs it; when the network returns it
sends the screen and the seal, and the server opens the session from the sealed plan,
so the steps saved on the phone line up with the plan that was run.

Which screens are packed is the app's own choice, because the plan for anything else
cannot be worked out without the server: every pain rating from 0 to 10, with and
without each caution flag that is not already standing (the safer versions). A newly
ticked *see a provider first* or *get care now* flag is not packed: offline, the
player starts nothing then and says to see a healthcare provider.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any

from psoas.core.nightly import Screen, parse_screen
from psoas.exceptions import BadInput
from psoas.store.models import SessionRecord
from psoas.usecases.sessions import start
from psoas.web.state import AppState

#: How long a sealed plan may wait on the phone before it is refused. The app's own
#: choice: two weeks covers a long trip without signal, and a plan older than that
#: was built from a picture of the person that is out of date.
SEAL_MAX_AGE = timedelta(days=14)
#: How far a phone's clock may run ahead of the server's. The app's own choice.
CLOCK_SKEW = timedelta(minutes=10)
_SALT = "psoas-offline-plan"


def pack_key(red_flags: list[str] | tuple[str, ...], pain: int) -> str:
    """The key of one packed plan: tonight's new flags, sorted, then the pain rating
    (``"pregnancy|3"``, ``"|0"``). The player builds the same key from its form."""
    return ",".join(sorted(red_flags)) + "|" + str(pain)


def _signer(state: AppState) -> Any:
    from itsdangerous import URLSafeTimedSerializer

    return URLSafeTimedSerializer(state.secret, salt=_SALT)


def packed_screens(state: AppState, standing: list[str]) -> list[Screen]:
    """Every screen the pack answers: each pain rating with each set of the caution
    flags the person could tick tonight (those not already standing)."""
    caution = [f.id for f in state.catalog.asked_flags() if f.tier == "caution"]
    free = [f for f in caution if f not in standing]
    sets = [combo for n in range(len(free) + 1) for combo in combinations(free, n)]
    return [Screen(tuple(flags), pain) for flags in sets for pain in range(11)]


def offline_pack(
    state: AppState, profile: int, routine: str | None, minutes: float | None
) -> dict[str, Any]:
    """Tonight's sealed plans by :func:`pack_key`, for the player to keep."""
    from psoas.web.service import plan, standing

    standing_now = standing(state, profile)
    signer = _signer(state)
    plans: dict[str, Any] = {}
    for screen in packed_screens(state, standing_now):
        built = plan(state, profile, routine, minutes, screen)
        key = pack_key(screen.red_flags, screen.pain)
        seal = signer.dumps({"p": profile, "k": key, "r": routine, "plan": built})
        plans[key] = {"plan": built, "seal": seal}
    return {
        "routine": routine,
        "minutes": minutes,
        "standing_flags": standing_now,
        "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "plans": plans,
    }


def open_seal(state: AppState, profile: int, seal: str, screen: Screen) -> dict[str, Any]:
    """The plan inside a seal, when it is this person's, for this screen, and recent."""
    from itsdangerous import BadSignature, SignatureExpired

    try:
        data = _signer(state).loads(seal, max_age=SEAL_MAX_AGE.total_seconds())
    except SignatureExpired:
        raise BadInput("this offline plan is more than two weeks old; start again") from None
    except BadSignature:
        raise BadInput("field 'offline.seal' is not a plan this server made") from None
    if data.get("p") != profile:
        raise BadInput("field 'offline.seal' belongs to someone else")
    if data.get("k") != pack_key(screen.red_flags, screen.pain):
        raise BadInput("the offline plan was made for other answers than this screen")
    return data  # type: ignore[no-any-return]


def start_offline_session(
    state: AppState,
    profile: int,
    screen_data: Any,
    uid: str,
    started_at: datetime,
    seal: str,
) -> tuple[dict[str, Any], bool]:
    """Open the session a phone started offline; sending it twice opens it once.

    Returns the session and whether it is new.
    """
    from sqlalchemy import select

    from psoas.web.service import session_detail

    screen = parse_screen(screen_data, state.catalog)
    sealed = open_seal(state, profile, seal, screen)
    now = datetime.now(UTC)
    if started_at.tzinfo is None:
        raise BadInput("field 'offline.started_at' needs a time zone")
    if not now - SEAL_MAX_AGE <= started_at <= now + CLOCK_SKEW:
        raise BadInput("field 'offline.started_at' is not a time this session could start")
    with state.db.session() as db:
        found = db.scalar(select(SessionRecord).where(SessionRecord.uid == uid))
        if found is not None and found.profile_id != profile:
            raise BadInput("field 'offline.uid' is already taken")
        if found is None:
            when = started_at.astimezone(UTC)
            session_id = start(db, profile, sealed["plan"], screen, started_at=when, uid=uid).id
            new = True
        else:
            session_id, new = found.id, False
    return session_detail(state, profile, session_id), new
