"""The note composer and the doodle canvas, opened from the follow-up offer.

The manager hands a `ComposeRequest` to a factory and shows the screen it returns. The
screens never touch the core: on Done the factory's callback records the note or doodle
through the feed (so "sent" always means "on disk, in the outbox"), then closes; Cancel,
or the idle timeout, closes without recording anything, so nothing is ever half-sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.errors import InvalidContribution
from kiosk.ui.feed import KioskFeed
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.doodle import DoodleScreen
from kiosk.ui.screens.note import NoteScreen
from kiosk.ui.text import Fonts
from kiosk.ui.theme import Theme
from storywall.protocol.note import NoteTemplate

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ComposeRequest:
    """What a note or doodle screen needs: the prompt it answers, the words, and where to go
    when it is finished (`on_close`, after recording) or abandoned."""

    prompt_id: int | None
    language: str
    translate: Callable[[str], str]
    theme: Theme
    fonts: Fonts
    size: tuple[int, int]
    on_close: Callable[[], None]
    # Today's question in the visitor's language, for the "reply to the question" template.
    prompt_text: str | None = None


ComposeFactory = Callable[[ComposeRequest], Screen]


def open_note_screen(feed: KioskFeed, request: ComposeRequest) -> Screen:
    """The composer; Done records the note, then closes."""

    config = feed.config

    def done(text: str, template: NoteTemplate) -> None:
        try:
            feed.record_note(
                text, language=request.language, template=template, prompt_id=request.prompt_id
            )
        except InvalidContribution as error:
            # The screen refuses blank or over-long text itself; this is a last guard.
            log.warning("note not recorded: %s", error)
        request.on_close()

    return NoteScreen(
        request.theme,
        language=request.language,
        translate=request.translate,
        on_done=done,
        on_cancel=request.on_close,
        prompt_text=request.prompt_text,
        size=request.size,
        post_moderated=config is not None and config.site.moderation == "post",
    )


def open_doodle_screen(feed: KioskFeed, request: ComposeRequest) -> Screen:
    """The canvas; Done records the doodle (its PNG first, then the event), then closes."""

    def done(png: bytes, width: int, height: int) -> None:
        try:
            feed.record_doodle(png, width=width, height=height, prompt_id=request.prompt_id)
        except InvalidContribution as error:
            log.warning("doodle not recorded: %s", error)
        request.on_close()

    return DoodleScreen(
        request.theme,
        translate=request.translate,
        on_done=done,
        on_cancel=request.on_close,
        size=request.size,
    )
