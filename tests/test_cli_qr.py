"""`storywall qr fridge <slug>`: the printable A6 drop-off sticker, read back as a
phone would: its QR code decoded (zxing-cpp) from the PNG and from the PDF printed
back to pixels, to a link that opens the fridge's drop-off form."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import Session

from cli.main import main
from server import crud
from server.app import create_app
from server.core.config import Settings
from server.core.db import make_engine
from server.fridges import make_fridge

zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp (the dev extra) is not installed")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PUBLIC_URL = "https://fridges.example.org"
LINK = re.compile(r"^https://fridges\.example\.org/d/elm-street\.[0-9a-z]{8}$")
A6_POINTS = (297.6, 419.5)  # 105 x 148 mm


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A hub database with the fridge elm-street and the park riverside."""
    data = tmp_path / "hub"
    monkeypatch.setenv("STORYWALL_DATA_DIR", str(data))
    monkeypatch.setenv("STORYWALL_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.delenv("STORYWALL_DATABASE_URL", raising=False)
    monkeypatch.delenv("STORYWALL_SECRET_KEY", raising=False)
    assert main(["admin", "db", "upgrade"]) == 0
    assert main(["admin", "add-site", "riverside", "--name", "Riverside Park"]) == 0
    engine = make_engine(f"sqlite:///{data / 'hub.sqlite3'}")
    try:
        with Session(engine) as session:
            crud.create_site(
                session=session,
                slug="elm-street",
                name="Elm Street Community Fridge & Pantry",
                timezone="Europe/London",
            )
            make_fridge(session=session, site_slug="elm-street")
    finally:
        engine.dispose()
    return data


@pytest.fixture
def sticker(hub_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The sticker's folder, written by the command as typed; its link on stdout checked."""
    out = tmp_path / "stickers"
    assert main(["qr", "fridge", "elm-street", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert LINK.match(printed.out.strip()), printed.out
    assert "A6" in printed.err
    return out


@pytest.fixture
def hub(hub_env: Path) -> Iterator[TestClient]:
    """The hub on that database, as `storywall hub` would serve it."""
    app = create_app(Settings(data_dir=hub_env, public_url=PUBLIC_URL))
    try:
        with TestClient(app) as client:
            yield client
    finally:
        app.state.engine.dispose()


def _decode(image: Image.Image) -> str:
    [code] = zxingcpp.read_barcodes(image)
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    return str(code.text)


def test_the_png_is_a6_at_300_dpi_and_its_qr_opens_the_form(sticker: Path, hub: TestClient) -> None:
    png = Image.open(sticker / "elm-street-dropoff-sticker.png")
    assert png.format == "PNG"
    assert png.size == (1240, 1748)
    assert [round(value) for value in png.info["dpi"]] == [300, 300]
    link = _decode(png)
    assert LINK.match(link)
    page = hub.get(link.removeprefix(PUBLIC_URL))
    assert page.status_code == 200
    assert "Elm Street Community Fridge &amp; Pantry" in page.text
    # Scaled to a quarter, as a phone sees a sticker from a step away: still read.
    assert _decode(png.resize((310, 437), Image.Resampling.BILINEAR)) == link


def test_the_pdf_is_one_a6_page(sticker: Path) -> None:
    pdf = (sticker / "elm-street-dropoff-sticker.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1
    width, height = (float(number) for number in boxes[0])
    assert width == pytest.approx(A6_POINTS[0], abs=0.5)
    assert height == pytest.approx(A6_POINTS[1], abs=0.5)


def test_the_pdf_printed_back_decodes_to_the_same_link(sticker: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the PDF is not rendered back")
    rendered = subprocess.run(
        [
            pdftoppm,
            "-r",
            "150",
            "-png",
            "-singlefile",
            str(sticker / "elm-street-dropoff-sticker.pdf"),
        ],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    page = Image.open(io.BytesIO(rendered))
    assert page.size == (620, 874)  # A6 at 150 dpi
    png = Image.open(sticker / "elm-street-dropoff-sticker.png")
    assert _decode(page) == _decode(png)


def test_no_public_address_is_a_clear_error(
    hub_env: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("STORYWALL_PUBLIC_URL")
    out = tmp_path / "stickers"
    assert main(["qr", "fridge", "elm-street", "--out", str(out)]) == 2
    assert "STORYWALL_PUBLIC_URL" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(("slug", "words"), [("riverside", "not a fridge"), ("nowhere", "nowhere")])
def test_only_a_fridge_gets_a_sticker(
    hub_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], slug: str, words: str
) -> None:
    out = tmp_path / "stickers"
    assert main(["qr", "fridge", slug, "--out", str(out)]) == 2
    assert words in capsys.readouterr().err
    assert not out.exists()


def test_a_long_name_still_fits(hub_env: Path, tmp_path: Path) -> None:
    from server.services.sticker import A6_PX, draw_sticker

    name = "The Very Long Named Community Fridge of the Old Railway Station Allotments"
    sticker = draw_sticker(name=name, url=f"{PUBLIC_URL}/d/elm-street.abcdefgh")
    image = Image.open(io.BytesIO(sticker.png))
    assert image.size == A6_PX
    # Nothing drawn in the outer margins: the name was wrapped and shrunk to fit.
    ink = Image.eval(image.convert("L"), lambda value: 255 if value < 128 else 0)
    left, top, right, bottom = ink.getbbox() or (0, 0, 0, 0)
    assert left >= 40 and right <= A6_PX[0] - 40
    assert top >= 40 and bottom <= A6_PX[1] - 40
