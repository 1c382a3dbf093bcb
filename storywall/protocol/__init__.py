"""The kiosk <-> hub wire protocol, version 1 (documented in docs/protocol.md).

Both sides import these models; they depend on pydantic only. Importing the
package registers the built-in event types (one module each).
"""

from storywall.protocol.batch import (
    ParsedPush,
    PushEnvelope,
    PushRequest,
    PushResponse,
    PushResult,
    ResultStatus,
    parse_push,
)
from storywall.protocol.check import CheckEvent, CheckPayload
from storywall.protocol.config import (
    KioskConfig,
    PlayRules,
    PromptConfig,
    QuietHours,
    SiteConfig,
    Spotlight,
    WallNote,
)
from storywall.protocol.doodle import DoodleEvent, DoodlePayload
from storywall.protocol.door import DoorEvent, DoorPayload
from storywall.protocol.dropoff import DropoffEvent, DropoffPayload
from storywall.protocol.events import (
    EVENT_SCHEMA_VERSION,
    Event,
    EventType,
    Payload,
    event_model,
    event_models,
    payload_model,
    register_event_type,
    unregister_event_type,
)
from storywall.protocol.fridge_config import DropoffLink, FridgeConfig
from storywall.protocol.heartbeat import HeartbeatEvent, HeartbeatPayload, OutboxCounts
from storywall.protocol.limits import (
    API_PREFIX,
    MAX_BATCH_EVENTS,
    MAX_BODY_BYTES,
    PROTOCOL_VERSION,
)
from storywall.protocol.media import MediaReceipt, media_path, sha256_hex
from storywall.protocol.note import NoteEvent, NotePayload
from storywall.protocol.reaction import ReactionEvent, ReactionPayload, choice_key
from storywall.protocol.temperature import TemperatureEvent, TemperaturePayload

__all__ = [
    "API_PREFIX",
    "EVENT_SCHEMA_VERSION",
    "MAX_BATCH_EVENTS",
    "MAX_BODY_BYTES",
    "PROTOCOL_VERSION",
    "CheckEvent",
    "CheckPayload",
    "DoodleEvent",
    "DoodlePayload",
    "DoorEvent",
    "DoorPayload",
    "DropoffEvent",
    "DropoffLink",
    "DropoffPayload",
    "Event",
    "EventType",
    "FridgeConfig",
    "HeartbeatEvent",
    "HeartbeatPayload",
    "KioskConfig",
    "MediaReceipt",
    "NoteEvent",
    "NotePayload",
    "OutboxCounts",
    "ParsedPush",
    "Payload",
    "PlayRules",
    "PromptConfig",
    "PushEnvelope",
    "PushRequest",
    "PushResponse",
    "PushResult",
    "QuietHours",
    "ReactionEvent",
    "ReactionPayload",
    "ResultStatus",
    "SiteConfig",
    "Spotlight",
    "TemperatureEvent",
    "TemperaturePayload",
    "WallNote",
    "choice_key",
    "event_model",
    "event_models",
    "media_path",
    "parse_push",
    "payload_model",
    "register_event_type",
    "sha256_hex",
    "unregister_event_type",
]
