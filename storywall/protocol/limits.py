"""Numbers both sides agree on. Changing one is a protocol change."""

from datetime import date

PROTOCOL_VERSION = 1
API_PREFIX = "/api/v1"

# A batch is bounded in count and in bytes so that a week-offline kiosk catches
# up in many small requests rather than one the hub cannot hold.
MAX_BATCH_EVENTS = 500
MAX_BODY_BYTES = 1024 * 1024
MAX_PAYLOAD_BYTES = 4096

# Identifiers: short, printable, URL-safe.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
MAX_BOOT_ID_CHARS = 64
BOOT_ID_PATTERN = rf"^[A-Za-z0-9-]{{1,{MAX_BOOT_ID_CHARS}}}$"

# A monotonic clock that claims more than ten years of uptime is lying.
MAX_MONO_MS = 10 * 365 * 24 * 3600 * 1000
# Sequence numbers fit in a JSON number that every client reads exactly.
MAX_SEQ = 2**53 - 1
MAX_EMOJI_CHARS = 16
MAX_PROMPT_CHARS = 200
MAX_NAME_CHARS = 200
MIN_EMOJI_PER_PROMPT = 2
MAX_EMOJI_PER_PROMPT = 6

# Prompt kinds: a poll has 2-4 labelled options, a slider exactly 5 emoji steps.
MIN_POLL_OPTIONS = 2
MAX_POLL_OPTIONS = 4
MAX_OPTION_CHARS = 40
SLIDER_STEPS = 5
# Languages are ISO 639-1/-3 codes ("en", "es", "cy").
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"
MAX_LANGUAGES = 8

# What a passer-by writes or draws.
MAX_NOTE_CHARS = 280
MAX_DOODLE_SIDE = 1280
MAX_DOODLE_BYTES = 256 * 1024
SHA256_PATTERN = r"^[0-9a-f]{64}$"

# Photos (a fridge's shelves, from a kiosk's camera or a volunteer's phone). A phone's
# 12-50 megapixel JPEG is 2-12 MB; a kiosk's camera stays well under all three. The
# hub checks the bytes before reading the picture, and the size from its header before
# decoding it (server/media/photos.py; docs/photos.md).
MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000
MAX_PHOTO_SIDE = 16_384

# Heartbeat health.
MAX_SOFTWARE_CHARS = 40
MAX_LAST_ERROR_CHARS = 200

# Notes and replies a config pull carries for the attract screen.
MAX_CONFIG_NOTES = 20
# An organiser's public reply to a note, and the spotlights a pull carries at most.
MAX_REPLY_CHARS = 500
MAX_CONFIG_SPOTLIGHTS = 6

# Fridge telemetry. A DS18B20's 1-wire id: family 28, then its 48-bit serial in hex,
# as the kernel names its sysfs folder (hardware/thermometer.py reads the same).
DS18B20_ID_PATTERN = r"^28-[0-9a-f]{12}$"
# The DS18B20's measuring range; anything outside it is a fault, not a reading.
DS18B20_MIN_CELSIUS = -55.0
DS18B20_MAX_CELSIUS = 125.0
# The sensor reports millidegrees, so a reading never needs more decimals than this.
CELSIUS_DECIMALS = 3
# A door open longer than a week is a broken switch or a lost close, not a duration.
MAX_DOOR_OPEN_S = 7 * 24 * 3600

# Fridge drop-offs and checks.
MAX_ITEM_COUNT = 200
MAX_NICKNAME_CHARS = 40
# Food dates a label can carry at all; the form also checks them against today.
MIN_FOOD_DATE = date(2020, 1, 1)
MAX_FOOD_DATE = date(2099, 12, 31)
# A fridge's accept and do-not-accept lists: a short checklist, not a policy document.
MAX_FRIDGE_RULES = 12
