"""What a fridge kiosk has beyond a park kiosk: telemetry, the shelf camera, the drop-off
links for its QR code, and the optional drop-off button.

`FridgeKit.build` makes every part from `[fridge]` (kiosk.settings.FridgeSettings) and
the kiosk's parts, starting nothing; `start()` starts the sampler; `close()` stops and
releases everything, safe twice. The app (kiosk.app) owns one when `[fridge]` is on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from hardware.buttons import Backend, EmojiButtonPanel, build_button_panel
from hardware.camera import Camera, build_camera
from hardware.door import FridgeDoor, build_fridge_door
from hardware.errors import BackendUnavailable, HardwareConfigError
from hardware.thermometer import Thermometer, build_thermometer
from kiosk.dropoff_link import DropoffLinks
from kiosk.fridge_telemetry import FridgeTelemetry
from kiosk.parts import KioskParts
from kiosk.settings import FridgeSettings
from storywall.closing import ClosesOnExit

logger = logging.getLogger(__name__)


@dataclass
class FridgeKit(ClosesOnExit):
    """A fridge kiosk's own parts (see the module docstring)."""

    telemetry: FridgeTelemetry
    camera: Camera
    links: DropoffLinks
    button: EmojiButtonPanel | None = None

    @classmethod
    def build(
        cls, settings: FridgeSettings, parts: KioskParts, *, backend: Backend, mock: bool = False
    ) -> FridgeKit:
        """The parts for `settings`; `backend` is the door's and the button's (the kiosk's
        hardware backend), `mock` makes the thermometer and camera mocks too."""
        opened: list[Callable[[], None]] = []
        what = "thermometer"
        try:
            thermometer: Thermometer = build_thermometer(
                "mock" if mock else settings.thermometer, devices=settings.w1_devices
            )
            opened.append(thermometer.close)
            door: FridgeDoor | None = None
            if settings.door_pin is not None:
                what = "door_pin"
                door = build_fridge_door(backend, settings.door_pin)
                opened.append(door.close)
            what = "camera"
            camera = build_camera("mock" if mock else settings.camera)
            opened.append(camera.close)
            button = None
            if settings.dropoff_button_pin is not None:
                what = "dropoff_button_pin"
                button = build_button_panel(backend, (settings.dropoff_button_pin,), ())
                opened.append(button.close)
        except (BackendUnavailable, HardwareConfigError) as error:
            for close in reversed(opened):
                close()
            # Name the device: "storywall kiosk" prints this one line and stops.
            raise type(error)(f"[fridge] {what}: {error}") from error
        except BaseException:
            for close in reversed(opened):
                close()
            raise
        telemetry = FridgeTelemetry(
            parts.outbox,
            parts.clock,
            thermometer=thermometer,
            door=door,
            sensor_ids=settings.sensors,
            interval_s=settings.sample_interval_s,
            worker=parts.worker,
        )
        return cls(telemetry, camera, DropoffLinks(parts.client), button)

    def start(self) -> None:
        """Start sampling the thermometer."""
        self.telemetry.start()

    def close(self) -> None:
        """Stop the sampler and the link fetcher; release the devices. Safe twice."""
        self.links.close()
        self.telemetry.close()
        self.camera.close()
        if self.button is not None:
            self.button.close()

    def __repr__(self) -> str:
        return f"<FridgeKit {self.telemetry!r} {self.camera!r}>"
