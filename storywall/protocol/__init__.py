"""The kiosk <-> hub wire protocol, version 1 (documented in docs/protocol.md).

Both sides import these models; they depend on pydantic only.
"""

from storywall.protocol.batch import PushRequest, PushResponse, PushResult, ResultStatus
from storywall.protocol.config import KioskConfig, PromptConfig, SiteConfig
from storywall.protocol.events import (
    EVENT_SCHEMA_VERSION,
    Event,
    EventType,
    HeartbeatPayload,
    ReactionPayload,
    parse_event,
)
from storywall.protocol.limits import (
    API_PREFIX,
    MAX_BATCH_EVENTS,
    MAX_BODY_BYTES,
    PROTOCOL_VERSION,
)

__all__ = [
    "API_PREFIX",
    "EVENT_SCHEMA_VERSION",
    "MAX_BATCH_EVENTS",
    "MAX_BODY_BYTES",
    "PROTOCOL_VERSION",
    "Event",
    "EventType",
    "HeartbeatPayload",
    "KioskConfig",
    "PromptConfig",
    "PushRequest",
    "PushResponse",
    "PushResult",
    "ReactionPayload",
    "ResultStatus",
    "SiteConfig",
    "parse_event",
]
