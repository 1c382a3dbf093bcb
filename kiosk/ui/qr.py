"""A QR code as a pygame surface, straight from the qrcode package's module matrix (no PIL)."""

from __future__ import annotations

from functools import lru_cache

import pygame
import qrcode

from kiosk.ui.theme import RGB


@lru_cache(maxsize=4)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The modules of `data`'s QR code, with the standard 4-module quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def qr_surface(data: str, side: int, *, dark: RGB, light: RGB) -> pygame.Surface:
    """A square surface at most `side` pixels wide, each module a whole number of pixels
    (a scaled, blurred QR code scans badly)."""
    matrix = qr_matrix(data)
    count = len(matrix)
    module = max(1, side // count)
    surface = pygame.Surface((module * count, module * count))
    surface.fill(light)
    for y, row in enumerate(matrix):
        for x, cell in enumerate(row):
            if cell:
                surface.fill(dark, (x * module, y * module, module, module))
    return surface
