"""Where the hub keeps media bytes (doodles' PNGs, photos' JPEGs), named by their SHA-256.

`MediaStore` is all the hub asks of a store; `LocalMediaStore` keeps the files under
the hub's data directory. A store on an S3-compatible service (MinIO, Garage, a
cloud bucket) can replace it by implementing the same three methods.
"""

from server.media.local import LocalMediaStore
from server.media.store import MAX_STORED_BYTES, MediaStore

__all__ = ["MAX_STORED_BYTES", "LocalMediaStore", "MediaStore"]
