"""Hostile files made small: compressed bombs and oversized pictures, never inflated here.

A deflate stream of N mebibytes of zeros is one compressed mebibyte-block repeated (each
block is byte-aligned and refers only to itself, so the repeats are a valid stream): a 1 GiB
member costs about 1 MB to write and nothing to "make". Zip records are written field by
field, so a member's size in the zip directory can also be made to lie.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

MIB = 1024 * 1024
_ZERO_BLOCK = None


def zero_stream(mib: int) -> bytes:
    """A raw deflate stream that inflates to `mib` MiB of zero bytes."""
    global _ZERO_BLOCK
    if _ZERO_BLOCK is None:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        _ZERO_BLOCK = c.compress(bytes(MIB)) + c.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block
    return _ZERO_BLOCK * mib + end


def _crc_of_zeros(mib: int) -> int:
    block = bytes(MIB)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    return crc


def add_raw_member(
    zip_path: Path,
    name: str,
    deflated: bytes,
    size: int,
    crc: int = 0,
    declared: int | None = None,
) -> None:
    """Append a deflated member to an existing zip, its directory entry saying `declared`
    (default: the true `size`) uncompressed bytes. Zip64 fields are written for sizes of
    4 GiB and more."""
    with zipfile.ZipFile(zip_path) as z:
        infos = z.infolist()
        data = Path(zip_path).read_bytes()
    declared = size if declared is None else declared
    # rewrite the archive: the old members' records as they were, then the new one
    cd_offset = struct.unpack("<I", data[-6:-2])[0]
    body, old_cd = data[:cd_offset], data[cd_offset:-22]
    offset = len(body)
    zip64 = declared >= 0xFFFFFFFF or len(deflated) >= 0xFFFFFFFF
    fname = name.encode()
    extra = b""
    if zip64:
        extra = struct.pack("<HHQQ", 1, 16, declared, len(deflated))
    c_size = 0xFFFFFFFF if zip64 else len(deflated)
    u_size = 0xFFFFFFFF if zip64 else declared
    version = 45 if zip64 else 20
    # flags, method (deflate), time, date (1980-01-01), CRC, sizes, name length: both records
    common = (0, 8, 0, 0x21, crc, c_size, u_size, len(fname))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, version, *common, len(extra))
    body += local + fname + extra + deflated
    central_extra = b""
    if zip64:
        central_extra = struct.pack("<HHQQQ", 1, 24, declared, len(deflated), offset)
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        version,
        version,
        *common,
        len(central_extra),
        0,  # comment
        0,  # disk
        0,  # internal attributes
        0,  # external attributes
        0xFFFFFFFF if zip64 else offset,
    )
    new_cd = old_cd + central + fname + central_extra
    count = len(infos) + 1
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(new_cd), len(body), 0)
    Path(zip_path).write_bytes(body + new_cd + end)


def add_zero_member(
    zip_path: Path, name: str, mib: int, declared: int | None = None, right_crc: bool = False
) -> None:
    """Append `name` inflating to `mib` MiB of zeros (directory: `declared` bytes, default
    true). Its CRC is worked out over the zeros only with `right_crc` (about a second per
    GiB): a member refused from its directory entry is never inflated, so it needs none."""
    size = mib * MIB
    crc = _crc_of_zeros(mib) if right_crc else 0
    add_raw_member(zip_path, name, zero_stream(mib), size, crc, declared)


def png_header(path: Path, width: int, height: int, mode_bits: int = 1) -> Path:
    """A PNG claiming width x height pixels (grey, `mode_bits` per pixel) whose pixel data is
    a few bytes: Pillow reads the size from the header without decoding."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, mode_bits, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )
    return path
