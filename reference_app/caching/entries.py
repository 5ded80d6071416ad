"""What the cache keeps of a response: its body, its tag and its media type."""

from dataclasses import dataclass

from reference_app.caching.etags import etag_of


@dataclass(frozen=True, slots=True)
class Entry:
    body: bytes
    etag: str
    content_type: bytes

    @classmethod
    def of(cls, body: bytes, content_type: bytes) -> "Entry":
        return cls(body, etag_of(body), content_type)

    def to_bytes(self) -> bytes:
        """One value for a store that keeps bytes (Redis); neither header holds a newline."""
        return b"\n".join((self.etag.encode(), self.content_type, self.body))

    @classmethod
    def from_bytes(cls, data: bytes) -> "Entry":
        etag, content_type, body = data.split(b"\n", 2)
        return cls(body, etag.decode(), content_type)
