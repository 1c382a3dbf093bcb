"""Apply the food-safety rule to a fridge's stored events and record what it finds.

`evaluate_fridges` is the job's work (server/jobs/food_safety.py): for each fridge
whose events moved since it last looked (or whose rule changed, or whose door limit
or sensor silence is due), it judges its placed events again with the pure rule
(services/food_safety.py) from a start chosen by `_window_start` (at most WINDOW_MS
back) and reconciles the episodes with those it recorded
(models_food_safety.FoodSafetyEpisode), matching them by kind and overlap:

- a new episode gets its alert (kind too_warm / door_open / sensor) and its public
  update, keyed "<kind>:<site id>:<start ms>"; one already over when the hub hears
  of it gets its alert raised and cleared at once, so organisers still see it;
- an episode that ends has its alert cleared, and a too-warm one a "recovered" update;
- an open episode the events no longer show (a silence that late readings filled)
  is withdrawn: its alert cleared, its row kept zero-length so it matches nothing.

News or history: an episode is news when it is still going on when the hub first
finds it, or ended less than NEWS_GRACE_MS before; otherwise it is history (the
update's news=False), as for a kiosk back from a week offline. Everything is keyed,
so a rerun over the same events writes nothing.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Engine, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, or_, select

from server.alerts import clear_alert, raise_alert
from server.models import EVENT_TABLE, BootAnchor, Event, Kiosk, Site
from server.models_food_safety import FoodSafetyCursor, FoodSafetyEpisode
from server.models_fridge import Fridge
from server.services.food_safety import Episode, Sample, Thresholds, evaluate
from server.services.food_safety_words import episode_words, recovery_words
from server.updates import record_update

# How much placed time is evaluated each time: a kiosk back from a week offline
# still has its whole week judged in order.
WINDOW_MS = 8 * 24 * 3_600_000
# An episode that ended at most this long before the hub found it is still news.
NEWS_GRACE_MS = 15 * 60_000
# A push commits a little after it stamps received_ms, so arrivals this recent are
# read again at the next run rather than trusted to be complete.
ARRIVAL_SLACK_MS = 60_000
# The events that can change the outcome: readings, doors, and heartbeats (a
# synchronised one places a boot's earlier, undated readings in time).
WATCHED_TYPES = ("temperature", "door", "heartbeat")
_SAMPLE_TYPES = ("temperature", "door")
_EVENT = EVENT_TABLE.c


def evaluate_fridges(engine: Engine, now_ms: int) -> int:
    """Evaluate every fridge that needs it, one transaction each; how many were.

    Which fridges need it is one query over all of them, so a run with nothing new
    costs that query alone."""
    newest = (
        select(func.max(Event.received_ms))
        .where(Event.site_id == Fridge.site_id, col(Event.type).in_(WATCHED_TYPES))
        .correlate(Fridge)
        .scalar_subquery()
    )
    with Session(engine) as session:
        rows = session.exec(
            select(Fridge, FoodSafetyCursor, newest)
            .outerjoin(FoodSafetyCursor, col(FoodSafetyCursor.site_id) == col(Fridge.site_id))
            .order_by(col(Fridge.site_id))
        ).all()
        waiting = [
            fridge.site_id
            for fridge, cursor, newest_ms in rows
            if _needs_evaluation(fridge, cursor, newest_ms, now_ms)
        ]
    for site_id in waiting:
        with Session(engine) as session:
            evaluate_fridge(session, site_id, now_ms, force=True)
            session.commit()
    return len(waiting)


def evaluate_fridge(session: Session, site_id: int, now_ms: int, *, force: bool = False) -> bool:
    """Evaluate one fridge when its events moved, its rule changed or something is due
    (or `force`); True when it was evaluated. Does not commit."""
    site = session.get(Site, site_id)
    fridge = session.get(Fridge, site_id)
    if site is None or fridge is None:
        return False
    thresholds = _thresholds(fridge)
    rule = _rule_text(thresholds)
    cursor = session.get(FoodSafetyCursor, site_id)
    newest = session.exec(
        select(func.max(Event.received_ms)).where(
            Event.site_id == site_id, col(Event.type).in_(WATCHED_TYPES)
        )
    ).one()
    if not (force or _needs_evaluation(fridge, cursor, newest, now_ms)):
        return False
    since = _window_start(session, site_id, cursor, thresholds, rule, now_ms)
    evaluation = evaluate(thresholds, _samples(session, site_id, since), now_ms)
    _reconcile(session, site, evaluation.episodes, since, now_ms)
    seen_ms = min(newest if newest is not None else 0, now_ms - ARRIVAL_SLACK_MS)
    if cursor is None:
        cursor = FoodSafetyCursor(site_id=site_id, seen_ms=seen_ms, evaluated_ms=now_ms, rule=rule)
    cursor.seen_ms = max(cursor.seen_ms, seen_ms)
    cursor.evaluated_ms = now_ms
    cursor.rule = rule
    cursor.due_ms = evaluation.due_ms
    session.add(cursor)
    session.flush()
    return True


def _needs_evaluation(
    fridge: Fridge, cursor: FoodSafetyCursor | None, newest: int | None, now_ms: int
) -> bool:
    """Never judged, its rule changed, its events moved, or a limit falls due."""
    if cursor is None or cursor.rule != _rule_text(_thresholds(fridge)):
        return True
    if newest is not None and newest > cursor.seen_ms:
        return True
    return cursor.due_ms is not None and cursor.due_ms <= now_ms


def _rule_text(thresholds: Thresholds) -> str:
    return (
        f"{thresholds.warm_above_c}/{thresholds.warm_for_min}/{thresholds.recover_for_min}"
        f"/{thresholds.door_open_limit_min}/{thresholds.silent_after_min}"
    )


def _window_start(
    session: Session,
    site_id: int,
    cursor: FoodSafetyCursor | None,
    thresholds: Thresholds,
    rule: str,
    now_ms: int,
) -> int:
    """Where this evaluation starts in placed time.

    The whole window the first time, after a change of rule, or when a kiosk's clock
    anchor moved (its readings were placed again). Otherwise only as far back as the
    new events, and the episodes still open, need, with enough before them to know
    the state the rule was in (every threshold's span, and an hour): a job running
    every minute then reads minutes of readings, not 8 days, each time."""
    full = now_ms - WINDOW_MS
    if cursor is None or cursor.rule != rule:
        return full
    site_kiosks = select(Kiosk.id).where(Kiosk.site_id == site_id)
    replaced = session.exec(
        select(BootAnchor.boot_id)
        .where(
            col(BootAnchor.kiosk_id).in_(site_kiosks),
            BootAnchor.updated_ms > cursor.seen_ms,
        )
        .limit(1)
    ).first()
    if replaced is not None:
        return full
    earliest_new = session.exec(
        select(func.min(Event.placed_ms)).where(
            Event.site_id == site_id,
            col(Event.type).in_(_SAMPLE_TYPES),
            Event.received_ms > cursor.seen_ms,
        )
    ).one()
    earliest_open = session.exec(
        select(func.min(FoodSafetyEpisode.start_ms)).where(
            FoodSafetyEpisode.site_id == site_id, col(FoodSafetyEpisode.end_ms).is_(None)
        )
    ).one()
    context = (
        thresholds.warm_for_ms
        + thresholds.recover_for_ms
        + thresholds.silent_after_ms
        + thresholds.door_open_limit_ms
        + 3_600_000
    )
    start = min(t for t in (now_ms, earliest_new, earliest_open) if t is not None) - context
    return max(full, start)


def _thresholds(fridge: Fridge) -> Thresholds:
    return Thresholds(
        warm_above_c=fridge.warm_above_c,
        warm_for_min=fridge.warm_for_min,
        recover_for_min=fridge.recover_for_min,
        door_open_limit_min=fridge.door_open_limit_min,
        silent_after_min=fridge.silent_after_min,
    )


def _samples(session: Session, site_id: int, since: int) -> list[Sample]:
    """The placed readings and door events of the window (undated ones wait).

    Bounded by arrival too, so the site-type-arrival index serves the range: an event
    placed in the window arrived in it (it cannot arrive before it happened; one from
    a kiosk whose clock ran ahead is judged by when it says it happened)."""
    # The payload's few fields are read by the database (json_extract, ->>): decoding
    # every payload in Python would cost most of an evaluation.
    payload = _EVENT.payload
    rows = session.connection().execute(
        sa_select(
            _EVENT.placed_ms,
            _EVENT.kiosk_id,
            _EVENT.boot_id,
            _EVENT.seq,
            _EVENT.type,
            payload["celsius"].as_float(),
            payload["fault"].as_string(),
            payload["state"].as_string(),
            payload["open_for_s"].as_float(),
        ).where(
            _EVENT.site_id == site_id,
            _EVENT.type.in_(_SAMPLE_TYPES),
            _EVENT.received_ms >= since,
            _EVENT.placed_ms.is_not(None),
            _EVENT.placed_ms >= since,
        )
    )
    samples: list[Sample] = []
    for placed_ms, kiosk_id, boot_id, seq, type_name, celsius, fault, state, open_for_s in rows:
        order = (kiosk_id, boot_id, seq)
        if type_name == "temperature":
            samples.append(Sample(placed_ms, order, "temperature", celsius=celsius, fault=fault))
            continue
        door: Literal["opened", "closed"] = "opened" if state == "opened" else "closed"
        samples.append(Sample(placed_ms, order, "door", door=door, open_for_s=open_for_s))
    return samples


def _reconcile(
    session: Session, site: Site, episodes: list[Episode], since: int, now_ms: int
) -> None:
    assert site.id is not None
    stored = list(
        session.exec(
            select(FoodSafetyEpisode)
            .where(
                FoodSafetyEpisode.site_id == site.id,
                or_(
                    col(FoodSafetyEpisode.end_ms).is_(None),
                    col(FoodSafetyEpisode.end_ms) >= since,
                ),
            )
            .order_by(col(FoodSafetyEpisode.start_ms))
        ).all()
    )
    matched: set[int] = set()
    for episode in episodes:
        row = _match(stored, episode, matched)
        if row is None:
            _record_new(session, site, episode, now_ms)
            continue
        assert row.id is not None
        matched.add(row.id)
        _follow(session, site, row, episode, now_ms)
    for row in stored:
        if row.end_ms is None and row.id not in matched:
            # The events no longer show it (late readings filled a silence): it did
            # not happen as recorded. Zero-length, it matches nothing later.
            row.end_ms = row.start_ms
            session.add(row)
            clear_alert(session, key=row.key, now_ms=now_ms)


def _match(
    stored: list[FoodSafetyEpisode], episode: Episode, matched: set[int]
) -> FoodSafetyEpisode | None:
    """The recorded episode of the same kind overlapping this one (the open one first)."""
    end = episode.end_ms if episode.end_ms is not None else 2**62
    candidates = [
        row
        for row in stored
        if row.kind == episode.kind
        and row.id not in matched
        and row.end_ms != row.start_ms
        and row.start_ms <= end
        and episode.start_ms <= (row.end_ms if row.end_ms is not None else 2**62)
    ]
    if not candidates:
        return None
    candidates.sort(key=lambda row: (row.end_ms is not None, abs(row.start_ms - episode.start_ms)))
    return candidates[0]


def _record_new(session: Session, site: Site, episode: Episode, now_ms: int) -> None:
    assert site.id is not None
    key = _free_key(session, f"{episode.kind}:{site.id}:{episode.start_ms}")
    news = episode.end_ms is None or now_ms - episode.end_ms <= NEWS_GRACE_MS
    session.add(
        FoodSafetyEpisode(
            site_id=site.id,
            kind=episode.kind,
            key=key,
            start_ms=episode.start_ms,
            end_ms=episode.end_ms,
            cause=episode.cause,
            peak_c=episode.peak_c,
            news=news,
            discovered_ms=now_ms,
        )
    )
    fridge = session.get(Fridge, site.id)
    assert fridge is not None
    title, body = episode_words(site, fridge, episode)
    raise_alert(session, site_id=site.id, kind=episode.kind, key=key, message=title, now_ms=now_ms)
    if episode.end_ms is not None:
        clear_alert(session, key=key, now_ms=now_ms)
    record_update(
        session,
        site_id=site.id,
        kind=episode.kind,
        key=key,
        occurred_ms=episode.start_ms,
        now_ms=now_ms,
        title=title,
        body=body,
        news=news,
    )
    if episode.kind == "too_warm" and episode.end_ms is not None:
        _record_recovery(session, site, fridge, key, episode.end_ms, now_ms, news=news)


def _free_key(session: Session, key: str) -> str:
    """The episode's key, or with ":2", ":3"... when a withdrawn episode that began at
    the same moment holds it (a threshold changed and changed back): the episode is
    raised and announced afresh, not folded into the one withdrawn."""
    taken = set(
        session.exec(
            select(FoodSafetyEpisode.key).where(
                or_(
                    FoodSafetyEpisode.key == key,
                    col(FoodSafetyEpisode.key).startswith(f"{key}:"),
                )
            )
        ).all()
    )
    candidate, n = key, 1
    while candidate in taken:
        n += 1
        candidate = f"{key}:{n}"
    return candidate


def _follow(
    session: Session, site: Site, row: FoodSafetyEpisode, episode: Episode, now_ms: int
) -> None:
    """Bring a recorded episode up to date; writes only what changed."""
    if episode.peak_c is not None and episode.peak_c != row.peak_c:
        row.peak_c = episode.peak_c
        session.add(row)
    if episode.cause is not None and episode.cause != row.cause:
        row.cause = episode.cause
        session.add(row)
    if row.end_ms is not None or episode.end_ms is None:
        return
    row.end_ms = episode.end_ms
    session.add(row)
    clear_alert(session, key=row.key, now_ms=now_ms)
    if row.kind == "too_warm":
        fridge = session.get(Fridge, row.site_id)
        assert fridge is not None
        _record_recovery(session, site, fridge, row.key, episode.end_ms, now_ms, news=row.news)


def _record_recovery(
    session: Session,
    site: Site,
    fridge: Fridge,
    key: str,
    end_ms: int,
    now_ms: int,
    *,
    news: bool,
) -> None:
    assert site.id is not None
    title, body = recovery_words(site, fridge, end_ms)
    record_update(
        session,
        site_id=site.id,
        kind="recovered",
        key=f"recovered:{key}",
        occurred_ms=end_ms,
        now_ms=now_ms,
        title=title,
        body=body,
        news=news,
    )
