"""The 20-byte frame header of docs/PROTOCOL.md ("Frames"): magic "AISD", version, kind, request id, payload
length, all big-endian, followed by the payload."""
import struct

MAGIC = 0x41495344
VERSION = 1
HEADER = struct.Struct(">IHHQI")
HEADER_SIZE = HEADER.size  # 20
# The server's default maximum payload (FrameDecoder.defaultMaximumPayloadBytes): a larger one is refused.
MAX_PAYLOAD = 4 * 1024 * 1024


class FrameError(Exception):
    """The byte stream from the server is not aisched frames (wrong magic, version or size)."""


def encode(kind: int, request_id: int, payload: bytes) -> bytes:
    return HEADER.pack(MAGIC, VERSION, kind, request_id, len(payload)) + payload


def decode_header(header: bytes):
    """(kind, request_id, payload_length) of a 20-byte header, checked as the server checks ours."""
    magic, version, kind, request_id, length = HEADER.unpack(header)
    if magic != MAGIC:
        raise FrameError(f"not an aisched server: the stream starts with 0x{magic:08x}, not \"AISD\" "
                         "(a TLS port? give the client its CA file)")
    if version != VERSION:
        raise FrameError(f"the server speaks protocol version {version}; this client speaks {VERSION}")
    if length > MAX_PAYLOAD:
        raise FrameError(f"a frame of {length} payload bytes is over the {MAX_PAYLOAD}-byte maximum")
    return kind, request_id, length
