"""GET /dashboard/charts (the charts, with their text alternatives) and its exports,
/dashboard/charts/export.csv and .json: permission `charts` (docs/charts.md).

One filter for all three (site, from, to), read from the query string: a filtered
page is a link. The page brings the rollup of the sites it shows up to date before
it reads it (services/rollup.py), so it draws what the raw events say now.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlmodel import Session, col, select

from server.api.deps import EngineDep, NowMsDep, SessionDep
from server.core.writers import write_lock
from server.models import Site
from server.models_accounts import Account
from server.permissions import Permission
from server.services.charts import ChartFilter, build_charts
from server.services.export import csv_chunks, export_rows, json_chunks
from server.services.rollup import Refreshed, refresh
from server.services.tallies import today_at
from server.web.chart_views import chart_views, health_lines, undated_line
from server.web.dash_auth import requires
from server.web.dash_render import render_dash

router = APIRouter(tags=["dashboard"])

DEFAULT_DAYS = 30
MAX_DAYS = 366
# Marked days a page recounts before it draws; more are left to the rollup job.
PAGE_REFRESH_DAYS = 62
ChartsAccount = Annotated[Account, requires(Permission.CHARTS)]
SiteParam = Annotated[str, Query(max_length=63)]
DateParam = Annotated[str, Query(alias="from", max_length=10)]
ToParam = Annotated[str, Query(alias="to", max_length=10)]


@dataclass(frozen=True)
class Chosen:
    """The filter as the form shows it, the filter itself, and what was wrong with it."""

    site: str
    first: date
    last: date
    chart_filter: ChartFilter
    problems: list[str]

    @property
    def query(self) -> str:
        return urlencode(
            {"site": self.site, "from": self.first.isoformat(), "to": self.last.isoformat()}
        )


def _date(text: str, default: date, name: str, problems: list[str]) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(f"{name}: not a date (YYYY-MM-DD)")
        return default


def choose(
    session: Session, sites: list[Site], site: str, first: str, last: str, now_ms: int
) -> Chosen:
    """The filter from the query string; anything wrong falls back to the default
    (the last 30 days of every site) and is said on the page."""
    problems: list[str] = []
    by_slug = {s.slug: s for s in sites}
    chosen = by_slug.get(site) if site else None
    if site and chosen is None:
        problems.append(f"site: no site {site!r}")
        site = ""
    zone_site = chosen or (sites[0] if sites else None)
    today = today_at(zone_site, now_ms).day if zone_site is not None else date.today()
    to_day = _date(last, today, "to", problems)
    from_day = _date(first, to_day - timedelta(days=DEFAULT_DAYS - 1), "from", problems)
    if from_day > to_day:
        problems.append("from: after to; the two were swapped")
        from_day, to_day = to_day, from_day
    if (to_day - from_day).days + 1 > MAX_DAYS:
        problems.append(f"at most {MAX_DAYS} days at once: from was moved")
        from_day = to_day - timedelta(days=MAX_DAYS - 1)
    site_ids = None if chosen is None or chosen.id is None else [chosen.id]
    return Chosen(site, from_day, to_day, ChartFilter(site_ids, from_day, to_day), problems)


def _sites(session: Session) -> list[Site]:
    return list(session.exec(select(Site).order_by(col(Site.name))))


@router.get("/dashboard/charts", response_class=HTMLResponse)
def charts_page(
    request: Request,
    session: SessionDep,
    engine: EngineDep,
    now_ms: NowMsDep,
    account: ChartsAccount,
    site: SiteParam = "",
    first: DateParam = "",
    last: ToParam = "",
) -> HTMLResponse:
    """Every chart for the filter, each with a summary and a table."""
    sites = _sites(session)
    chosen = choose(session, sites, site, first, last, now_ms)
    with write_lock(engine):
        refreshed: Refreshed = refresh(
            session,
            now_ms=now_ms,
            site_ids=chosen.chart_filter.site_ids,
            max_days=PAGE_REFRESH_DAYS,
        )
        session.commit()
    charts = build_charts(session, chosen.chart_filter, now_ms=now_ms)
    return render_dash(
        request,
        account,
        "dash/charts.html",
        {
            "sites": sites,
            "chosen": chosen,
            "views": chart_views(charts),
            "health": health_lines(charts),
            "undated": undated_line(charts),
            "catching_up": refreshed.left,
        },
    )


def _download(
    chunks: Iterator[str], media_type: str, chosen: Chosen, suffix: str
) -> StreamingResponse:
    name = f"storywall-events-{chosen.site or 'all'}-{chosen.first}-{chosen.last}.{suffix}"
    return StreamingResponse(
        (chunk.encode() for chunk in chunks),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/dashboard/charts/export.csv")
def export_csv(
    session: SessionDep,
    engine: EngineDep,
    now_ms: NowMsDep,
    account: ChartsAccount,
    site: SiteParam = "",
    first: DateParam = "",
    last: ToParam = "",
) -> StreamingResponse:
    """The filter's events as CSV, without personal data (docs/charts.md, "Exports")."""
    chosen = choose(session, _sites(session), site, first, last, now_ms)
    rows = export_rows(engine, chosen.chart_filter)
    return _download(csv_chunks(rows), "text/csv; charset=utf-8", chosen, "csv")


@router.get("/dashboard/charts/export.json")
def export_json(
    session: SessionDep,
    engine: EngineDep,
    now_ms: NowMsDep,
    account: ChartsAccount,
    site: SiteParam = "",
    first: DateParam = "",
    last: ToParam = "",
) -> StreamingResponse:
    """The filter's events as a JSON array, without personal data."""
    chosen = choose(session, _sites(session), site, first, last, now_ms)
    rows = export_rows(engine, chosen.chart_filter)
    return _download(json_chunks(rows), "application/json", chosen, "json")
