"""The fridge kiosk's drop-off flow, driven by real pygame touches and mock GPIO buttons:
attract -> rules + QR -> shelf photo -> counts -> thanks, and the ways out of it."""

from __future__ import annotations

import threading
from typing import Any

import pygame
import pytest
from PIL import Image

from hardware.buttons import MockButtonPanel
from hardware.camera import JPEG_SOI, MockCamera
from kiosk.ui.screens.attract import AttractScreen
from kiosk.ui.screens.dropoff import DropoffScreen
from kiosk.ui.screens.dropoff_items import DropoffItemsScreen
from kiosk.ui.screens.dropoff_thanks import THANKS_SECONDS, DropoffThanksScreen
from kiosk.ui.screens.shelf_photo import ShelfPhotoScreen
from kiosk.ui.theme import Theme
from tests.kiosk.ui.flow import Kiosk, make_config
from tests.kiosk.ui.helpers import SIZES, count_colour

FRIDGE: dict[str, Any] = {
    "accepts": ["Fruit and vegetables", "Bread"],
    "refuses": ["Raw meat or fish", "Alcohol"],
    "sticker_url": "https://hub.example/d/elm-street",
}
WARNING = "Too warm: please do not drop off chilled food"


def keys(screen: Any) -> list[str]:
    """The keys of the buttons a screen offers now."""
    return [button.key for button in screen.group.buttons]


def fridge_kiosk(theme: Theme, size: tuple[int, int] = (800, 480), **fridge: Any) -> Kiosk:
    return Kiosk(theme, size=size, config=make_config(fridge={**FRIDGE, **fridge}))


def to_items(kiosk: Kiosk, *, finger: bool = False) -> None:
    """Through the rules and the photo, by touch."""
    kiosk.tap(kiosk.button_rect("dropoff"), finger=finger)
    kiosk.tap(kiosk.button_rect("confirm"), finger=finger)
    kiosk.tap(kiosk.button_rect("photo"), finger=finger)
    assert isinstance(kiosk.screen, ShelfPhotoScreen)
    assert kiosk.screen.wait()
    kiosk.frame()
    kiosk.tap(kiosk.button_rect("next"), finger=finger)
    assert isinstance(kiosk.screen, DropoffItemsScreen)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("finger", [False, True])
def test_a_drop_off_from_the_attract_screen_to_thanks(
    theme: Theme, size: tuple[int, int], finger: bool
) -> None:
    kiosk = fridge_kiosk(theme, size)
    try:
        to_items(kiosk, finger=finger)
        for _ in range(3):
            kiosk.tap(kiosk.button_rect("plus:produce"), finger=finger)
        kiosk.tap(kiosk.button_rect("plus:bread"), finger=finger)
        kiosk.tap(kiosk.button_rect("plus:bread"), finger=finger)
        kiosk.tap(kiosk.button_rect("minus:bread"), finger=finger)
        kiosk.tap(kiosk.button_rect("level:2"), finger=finger)
        assert kiosk.feed.dropoffs == []  # nothing is recorded before Done
        kiosk.tap(kiosk.button_rect("done"), finger=finger)
        assert isinstance(kiosk.screen, DropoffThanksScreen)
        [(items, photo, level)] = kiosk.feed.dropoffs
        assert items == {"produce": 3, "bread": 1}
        assert level == 2
        assert photo is not None and photo.startswith(JPEG_SOI)
        kiosk.frame(THANKS_SECONDS + 0.1)
        assert kiosk.screen is kiosk.manager.attract
    finally:
        kiosk.close()


@pytest.mark.parametrize("size", SIZES)
def test_every_target_is_a_touch_target(theme: Theme, size: tuple[int, int]) -> None:
    kiosk = fridge_kiosk(theme, size)
    try:
        smallest = round(min(size) * theme.touch_target)
        to_items(kiosk)
        for button in kiosk.screen.group.buttons:
            assert min(button.rect.size) >= smallest, button.key
    finally:
        kiosk.close()


def test_the_photo_waits_for_the_rules_to_be_confirmed(theme: Theme) -> None:
    kiosk = fridge_kiosk(theme)
    try:
        kiosk.tap(kiosk.button_rect("dropoff"))
        screen = kiosk.screen
        assert isinstance(screen, DropoffScreen)
        assert "photo" not in keys(screen)
        assert not kiosk.tap(screen._photo.rect)  # drawn, greyed, does nothing
        assert kiosk.screen is screen
        kiosk.tap(kiosk.button_rect("confirm"))
        kiosk.tap(kiosk.button_rect("confirm"))  # untick: locked again
        assert "photo" not in keys(screen)
    finally:
        kiosk.close()


def test_done_waits_for_something_to_be_counted(theme: Theme) -> None:
    kiosk = fridge_kiosk(theme)
    try:
        to_items(kiosk)
        assert "done" not in keys(kiosk.screen)
        kiosk.tap(kiosk.button_rect("minus:dairy"))  # never below zero
        assert kiosk.screen.counts["dairy"] == 0
        kiosk.tap(kiosk.button_rect("plus:dairy"))
        kiosk.tap(kiosk.button_rect("level:1"))
        kiosk.tap(kiosk.button_rect("level:1"))  # chosen again: unsaid
        kiosk.tap(kiosk.button_rect("done"))
        [(items, _photo, level)] = kiosk.feed.dropoffs
        assert items == {"dairy": 1} and level is None
    finally:
        kiosk.close()


def test_back_keeps_what_was_done_and_leaving_records_nothing(theme: Theme) -> None:
    kiosk = fridge_kiosk(theme)
    try:
        to_items(kiosk)
        kiosk.tap(kiosk.button_rect("plus:other"))
        photo = kiosk.manager.dropoff.photo
        kiosk.tap(kiosk.button_rect("back"))
        assert kiosk.screen is photo and photo is not None and photo.jpeg is not None
        kiosk.tap(kiosk.button_rect("back"))
        assert isinstance(kiosk.screen, DropoffScreen) and kiosk.screen.confirmed
        kiosk.tap(kiosk.button_rect("back"))
        assert kiosk.screen is kiosk.manager.attract
        assert kiosk.feed.dropoffs == []
    finally:
        kiosk.close()


def test_nobody_there_drops_the_drop_off_unrecorded(theme: Theme) -> None:
    kiosk = fridge_kiosk(theme)
    try:
        to_items(kiosk)
        kiosk.tap(kiosk.button_rect("plus:produce"))
        kiosk.frame(kiosk.manager.idle_timeout_s + 1)
        assert kiosk.screen is kiosk.manager.attract
        assert kiosk.feed.dropoffs == [] and kiosk.manager.dropoff is None
    finally:
        kiosk.close()


def test_a_camera_that_fails_lets_the_drop_off_go_on_without_a_photo(theme: Theme) -> None:
    kiosk = fridge_kiosk(theme)
    kiosk.feed.camera = MockCamera(fail=True)
    try:
        kiosk.tap(kiosk.button_rect("dropoff"))
        kiosk.tap(kiosk.button_rect("confirm"))
        kiosk.tap(kiosk.button_rect("photo"))
        screen = kiosk.screen
        assert isinstance(screen, ShelfPhotoScreen)
        assert screen.wait() and screen.failed
        kiosk.frame()
        kiosk.tap(kiosk.button_rect("next"))
        kiosk.tap(kiosk.button_rect("plus:packaged"))
        kiosk.tap(kiosk.button_rect("done"))
        assert kiosk.feed.dropoffs == [({"packaged": 1}, None, None)]
    finally:
        kiosk.close()


class GatedCamera(MockCamera):
    """A mock camera that exposes until the test opens its gate (a slow Pi camera)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def _frame(self) -> Image.Image:
        assert self.gate.wait(10)
        return super()._frame()


def test_take_it_again_replaces_the_photo(theme: Theme) -> None:
    kiosk = fridge_kiosk(theme)
    camera = GatedCamera()
    kiosk.feed.camera = camera
    try:
        kiosk.tap(kiosk.button_rect("dropoff"))
        kiosk.tap(kiosk.button_rect("confirm"))
        kiosk.tap(kiosk.button_rect("photo"))
        screen = kiosk.screen
        kiosk.frame(0.5)  # the screen keeps drawing while the camera works
        assert screen.busy and keys(screen) == ["back"]
        camera.gate.set()
        assert screen.wait()
        first = screen.jpeg
        camera.gate.clear()
        kiosk.frame()
        kiosk.tap(kiosk.button_rect("again"))
        assert screen.busy and "next" not in keys(screen)
        camera.gate.set()
        assert screen.wait()
        assert screen.jpeg is not None and screen.jpeg != first
    finally:
        kiosk.close()


def test_a_park_kiosk_offers_no_drop_off(theme: Theme) -> None:
    kiosk = Kiosk(theme)
    try:
        assert "dropoff" not in keys(kiosk.screen)
        kiosk.manager.submit_dropoff()  # a stray drop-off button press
        kiosk.frame()
        assert kiosk.screen is kiosk.manager.attract
    finally:
        kiosk.close()


def test_the_gpio_drop_off_button_opens_the_flow(theme: Theme) -> None:
    kiosk = fridge_kiosk(theme)
    button = MockButtonPanel((22,), (), debounce_ms=0, bounce_time_s=None)
    button.when_pressed = lambda _index: kiosk.manager.submit_dropoff()
    try:
        button.press(0)  # gpiozero's mock pin, its own thread of callbacks
        assert kiosk.manager.wakeup.is_set()
        kiosk.frame()
        assert isinstance(kiosk.screen, DropoffScreen)
        first = kiosk.screen
        button.press(0)  # pressed again mid-flow: nothing starts over
        kiosk.frame()
        assert kiosk.screen is first
    finally:
        button.close()
        kiosk.close()


def test_the_arcade_buttons_work_the_flow_too(theme: Theme) -> None:
    kiosk = fridge_kiosk(theme)
    try:
        # On the attract screen the arcade buttons answer the prompt; a buttons-only
        # fridge kiosk has the drop-off button for this.
        kiosk.manager.submit_dropoff()
        kiosk.frame()
        assert isinstance(kiosk.screen, DropoffScreen)
        kiosk.focus_and_select("confirm")
        kiosk.focus_and_select("photo")
        assert kiosk.screen.wait()
        kiosk.frame()
        kiosk.focus_and_select("next")
        kiosk.focus_and_select("plus:bread")
        kiosk.focus_and_select("done")
        assert kiosk.feed.dropoffs[0][0] == {"bread": 1}
    finally:
        kiosk.close()


def warning_pixels(kiosk: Kiosk, theme: Theme) -> int:
    surface = pygame.Surface(kiosk.surface.get_size())
    kiosk.manager.draw(surface)
    return count_colour(surface, theme.warning_background, surface.get_rect())


@pytest.mark.parametrize("size", SIZES)
def test_a_warning_shows_on_the_attract_and_drop_off_screens(
    theme: Theme, size: tuple[int, int]
) -> None:
    calm = fridge_kiosk(theme, size)
    warm = fridge_kiosk(theme, size, warning=WARNING)
    try:
        assert warning_pixels(calm, theme) == 0
        assert warning_pixels(warm, theme) > 5000  # a banner, not a speck
        attract = warm.screen
        assert isinstance(attract, AttractScreen) and attract.fridge is not None
        assert attract.fridge.warning == WARNING
        warm.tap(warm.button_rect("dropoff"))
        assert isinstance(warm.screen, DropoffScreen)
        assert warning_pixels(warm, theme) > 5000
    finally:
        calm.close()
        warm.close()


def qr_pixels(kiosk: Kiosk, theme: Theme) -> int:
    screen = kiosk.screen
    assert isinstance(screen, DropoffScreen)
    surface = pygame.Surface(kiosk.surface.get_size())
    kiosk.manager.draw(surface)
    return count_colour(surface, theme.qr_dark, screen._qr)


def test_the_qr_code_is_the_fresh_link_or_the_stickers_or_none(theme: Theme) -> None:
    kiosk = fridge_kiosk(theme)
    try:
        kiosk.tap(kiosk.button_rect("dropoff"))
        screen = kiosk.screen
        assert screen.url == FRIDGE["sticker_url"]
        assert qr_pixels(kiosk, theme) > 500
        kiosk.feed.dropoff_link = "https://hub.example/d/fresh-signed-link"
        kiosk.frame(0.5)
        assert screen.url == FRIDGE["sticker_url"]  # asked once a second
        kiosk.frame(0.6)
        assert screen.url == "https://hub.example/d/fresh-signed-link"
    finally:
        kiosk.close()
    bare = fridge_kiosk(theme, sticker_url=None)
    try:
        bare.tap(bare.button_rect("dropoff"))
        assert bare.screen.url is None
        assert qr_pixels(bare, theme) == 0
    finally:
        bare.close()


def test_the_flow_speaks_spanish(theme: Theme) -> None:
    kiosk = Kiosk(theme, language="es", config=make_config(fridge=FRIDGE))
    try:
        kiosk.tap(kiosk.button_rect("dropoff"))
        labels = {button.key: button.label for button in kiosk.screen.group.buttons}
        assert labels["confirm"] == "Mi comida cumple estas normas"
        assert labels["back"] == "Volver"
    finally:
        kiosk.close()
