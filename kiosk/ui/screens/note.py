"""The note composer: a text field, templates, a length counter and a large keyboard.

The screen never records anything itself: Done hands the text and its template to on_done
(the screen manager passes it to core.record_note) and Cancel calls on_cancel, so an
abandoned note is simply dropped with the screen. Buttons-only: the focus ring walks the
keyboard row by row and then the Cancel and template buttons; "back" deletes the last
character, or cancels an empty note.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from kiosk.defaults import DEFAULTS
from kiosk.i18n import Translate
from kiosk.ui.controls import (
    N_,
    Control,
    control_at,
    draw_control,
    identity,
    step_focus,
)
from kiosk.ui.keyboard import Keyboard, KeyPress
from kiosk.ui.screens.base import NavAction, event_pos
from kiosk.ui.text import Fonts, fit_text, render_fitted, wrap
from kiosk.ui.theme import Theme
from storywall.protocol.limits import MAX_NOTE_CHARS
from storywall.protocol.note import NoteTemplate

MODERATION_LINE = N_("A volunteer reads every note before it appears on the wall.")
# At a post-moderated site (the config's site.moderation): what it really does.
POST_MODERATION_LINE = N_("Your note appears at once; a volunteer checks it after.")
PLACEHOLDER = N_("Write your note here")
WARN_WITHIN = 20  # the counter turns amber this many characters before the limit
PRESSED_SECONDS = 0.15

# Template buttons: (template, label, starter text). A starter is a sentence to finish;
# a haiku starts with its first five-syllable line and a new line.
TEMPLATES: tuple[tuple[NoteTemplate, str, str], ...] = (
    ("gratitude", N_("Thank you note"), N_("Thank you for ")),
    ("haiku", N_("Haiku"), N_("In the park today\n")),
    ("reply", N_("Reply to today's question"), N_("My answer: ")),
)


class NoteScreen:
    """Compose a note of at most MAX_NOTE_CHARS characters in `language`."""

    def __init__(
        self,
        theme: Theme,
        *,
        language: str,
        translate: Translate = identity,
        on_done: Callable[[str, NoteTemplate], None],
        on_cancel: Callable[[], None],
        prompt_text: str | None = None,
        size: tuple[int, int] = DEFAULTS.display.size,
        post_moderated: bool = False,
    ) -> None:
        self.theme = theme
        self.moderation_line = POST_MODERATION_LINE if post_moderated else MODERATION_LINE
        self.language = language
        self._t = translate
        self._on_done = on_done
        self._on_cancel = on_cancel
        self.prompt_text = prompt_text
        self._fonts = Fonts()
        self.keyboard = Keyboard(language, translate=translate)
        self.text = ""
        self.template: NoteTemplate = "free"
        self._starter = ""  # the starter text as prefilled, to know if it was touched
        self.focus = 0  # keyboard keys first, then the controls
        self._pressed: tuple[int, float] | None = None
        self._controls: list[Control] = []
        self._size = (0, 0)
        self._dirty = True
        self._layout(size)

    # -- state -------------------------------------------------------------------------------

    @property
    def remaining(self) -> int:
        return MAX_NOTE_CHARS - len(self.text)

    @property
    def can_finish(self) -> bool:
        return bool(self.text.strip())

    @property
    def needs_redraw(self) -> bool:
        return self._dirty

    @property
    def controls(self) -> list[Control]:
        return list(self._controls)

    @property
    def focus_count(self) -> int:
        return len(self.keyboard.keys) + len(self._controls)

    @property
    def focused_label(self) -> str:
        """What the focus ring is on: a key's label or a control's name."""
        keys = len(self.keyboard.keys)
        if self.focus < keys:
            return self.keyboard.label(self.focus)
        return self._controls[self.focus - keys].name

    def type_text(self, text: str) -> int:
        """Add `text` up to the limit; the number of characters taken."""
        room = max(0, self.remaining)
        taken = text[:room]
        if taken:
            self.text += taken
            self._changed()
        return len(taken)

    def choose_template(self, template: NoteTemplate) -> None:
        """Set the template; prefill its starter if the field is empty or holds an untouched
        starter. Choosing the current template again goes back to a free note."""
        if template == self.template:
            template = "free"
        starter = ""
        for name, _label, text in TEMPLATES:
            if name == template:
                starter = self._t(text)
        if not self.text.strip() or self.text == self._starter:
            self.text = starter[:MAX_NOTE_CHARS]
            self._starter = self.text
        self.template = template
        self._changed()

    def _changed(self) -> None:
        self.keyboard.done_enabled = self.can_finish
        for control in self._controls:
            control.selected = control.name == self.template
        self._dirty = True

    # -- input -------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        pos = event_pos(event, self._size)
        if pos is None:
            return False
        key = self.keyboard.key_at(pos)
        if key is not None:
            self.focus = key
            self._activate(key)
            return True
        index = control_at(self._controls, pos)
        if index is None:
            return False
        self.focus = len(self.keyboard.keys) + index
        self._activate(self.focus)
        return True

    def nav(self, action: NavAction) -> None:
        if action in ("prev", "next"):
            self.focus = step_focus(self.focus, self.focus_count, action)
            self._dirty = True
        elif action == "select":
            self._activate(self.focus)
        elif self.text:
            self._apply(KeyPress("backspace"))
        else:
            self._on_cancel()

    def _activate(self, index: int) -> None:
        keys = len(self.keyboard.keys)
        self._pressed = (index, PRESSED_SECONDS)
        self._dirty = True
        if index < keys:
            page = self.keyboard.page
            self._apply(self.keyboard.press(index))
            if self.keyboard.page != page:
                self.focus = min(self.focus, len(self.keyboard.keys) - 1)
            return
        control = self._controls[index - keys]
        if control.name == "cancel":
            self._on_cancel()
        elif control.enabled:
            self.choose_template(control.name)  # type: ignore[arg-type]

    def _apply(self, press: KeyPress) -> None:
        if press.kind == "text":
            self.type_text(press.text)
        elif press.kind == "backspace" and self.text:
            self.text = self.text[:-1]
            self._changed()
        elif press.kind == "done" and self.can_finish:
            self._on_done(self.text.strip(), self.template)

    def update(self, dt: float) -> None:
        if self._pressed is not None:
            left = self._pressed[1] - max(0.0, dt)
            self._pressed = (self._pressed[0], left) if left > 0 else None
            if self._pressed is None:
                self._dirty = True

    # -- layout and drawing ------------------------------------------------------------------

    def _layout(self, size: tuple[int, int]) -> None:
        self._size = size
        width, height = size
        short = min(size)
        margin = max(6, round(short * 0.02))
        gap = max(4, round(short * 0.015))
        bar_h = max(56, round(short * 0.12))
        # A portrait panel is narrow: the moderation line may take two lines there.
        self._notice_h = max(24, round(short * 0.055)) * (2 if height > width else 1)
        inner_w = width - 2 * margin
        names = ["cancel"] + [t for t, _l, _s in TEMPLATES if t != "reply" or self.prompt_text]
        labels: dict[str, str] = {"cancel": N_("Cancel")}
        labels.update({t: label for t, label, _s in TEMPLATES})
        count = len(names)
        button_w = (inner_w - gap * (count - 1)) // count
        self._controls = [
            Control(
                name,
                self._t(labels[name]),
                pygame.Rect(margin + i * (button_w + gap), margin, button_w, bar_h),
            )
            for i, name in enumerate(names)
        ]
        min_field = max(90, round(short * 0.2))
        top = margin + bar_h + gap
        room = height - margin - top - min_field - self._notice_h - 2 * gap
        kb_h = self.keyboard.natural_height(inner_w, room)
        kb = pygame.Rect(margin, height - margin - kb_h, inner_w, kb_h)
        self.keyboard.place(kb)
        self._notice = pygame.Rect(margin, kb.top - gap - self._notice_h, inner_w, self._notice_h)
        self._field = pygame.Rect(margin, top, inner_w, self._notice.top - gap - top)
        self.focus = min(self.focus, self.focus_count - 1)
        self._changed()

    def draw(self, surface: pygame.Surface) -> None:
        if surface.get_size() != self._size:
            self._layout(surface.get_size())
        theme = self.theme
        surface.fill(theme.background)
        pressed = self._pressed[0] if self._pressed is not None else None
        keys = len(self.keyboard.keys)
        font_px = round(min(self._size) * 0.055)
        for i, control in enumerate(self._controls):
            draw_control(
                surface,
                control,
                theme,
                self._fonts,
                focused=self.focus == keys + i,
                pressed=pressed == keys + i,
                font_px=font_px,
            )
        self._draw_field(surface)
        self._draw_notice(surface)
        self.keyboard.draw(
            surface,
            theme,
            self._fonts,
            focus=self.focus if self.focus < keys else None,
            pressed=pressed if pressed is not None and pressed < keys else None,
        )
        self._dirty = False

    def _draw_field(self, surface: pygame.Surface) -> None:
        theme, box = self.theme, self._field
        pygame.draw.rect(surface, theme.button_face, box, border_radius=8)
        pygame.draw.rect(surface, theme.button_border, box, width=2, border_radius=8)
        inner = box.inflate(-24, -14)
        if not self.text:
            font = self._fonts.get(round(min(self._size) * 0.07))
            hint = font.render(self._t(PLACEHOLDER), True, theme.status_text)
            surface.blit(hint, (inner.left + font.get_height() // 4, inner.top))
            self._draw_caret(surface, font, inner.left, inner.top)
            return
        font, lines = self._fit_lines(inner)
        line_h = font.get_linesize()
        shown = lines[-max(1, inner.height // line_h) :]  # the end of the text stays in view
        y = inner.top
        for line in shown:
            surface.blit(font.render(line, True, theme.text), (inner.left, y))
            y += line_h
        last_w = font.size(shown[-1])[0] if shown else 0
        self._draw_caret(surface, font, inner.left + last_w + 2, y - line_h)

    def _fit_lines(self, inner: pygame.Rect) -> tuple[pygame.font.Font, list[str]]:
        """The largest font (7% down to 4.5% of the short side) that shows all the text."""
        unit = min(self._size)
        size = round(unit * 0.07)
        while True:
            font = self._fonts.get(size)
            lines: list[str] = []
            for paragraph in self.text.split("\n"):
                lines.extend(wrap(paragraph, font, inner.width - 8) or [""])
            if len(lines) * font.get_linesize() <= inner.height or size <= unit * 0.045:
                return font, lines
            size -= 2

    def _draw_caret(self, surface: pygame.Surface, font: pygame.font.Font, x: int, y: int) -> None:
        caret = pygame.Rect(x, y + 2, max(2, font.get_height() // 14), font.get_height() - 4)
        pygame.draw.rect(surface, self.theme.compose_focus, caret)

    def _draw_notice(self, surface: pygame.Surface) -> None:
        theme, box = self.theme, self._notice
        unit = min(self._size)
        font = self._fonts.get(round(unit * 0.05))
        count = f"{len(self.text)} / {MAX_NOTE_CHARS}"
        colour = theme.compose_warning if self.remaining <= WARN_WITHIN else theme.status_text
        counter = font.render(count, True, colour)
        surface.blit(counter, counter.get_rect(midright=box.midright))
        room = pygame.Rect(box.left, box.top, box.width - counter.get_width() - 16, box.height)
        fitted = fit_text(
            self._t(self.moderation_line),
            room.size,
            self._fonts,
            max_size=round(unit * 0.05),
            min_size=16,
        )
        line = render_fitted(fitted, self._fonts, theme.text)
        surface.blit(line, line.get_rect(midleft=room.midleft))
