"""Picture bytes of the formats PowerPoint shows but Pillow cannot draw: WMF and EMF."""

from __future__ import annotations

import struct
from pathlib import Path


def wmf_bytes(width: int = 200, height: int = 100, placeable: bool = True) -> bytes:
    """A Windows metafile drawing one rectangle; with the placeable (Aldus) header Pillow
    reads its size from, or without it (a window extent record gives the size)."""
    records = b""
    if not placeable:  # META_SETWINDOWEXT: height, width
        records += struct.pack("<IHhh", 5, 0x020C, height, width)
    records += struct.pack("<IHhhhh", 7, 0x041B, height, width, 0, 0)  # META_RECTANGLE
    records += struct.pack("<IH", 3, 0)  # META_EOF
    size_words = (18 + len(records)) // 2
    meta = struct.pack("<HHHIHIH", 1, 9, 0x0300, size_words, 0, 7, 0)
    if not placeable:
        return meta + records
    head = struct.pack("<IHhhhhHI", 0x9AC6CDD7, 0, 0, 0, width, height, 1440, 0)
    check = 0
    for word in struct.unpack("<10H", head[:20]):
        check ^= word
    return head + struct.pack("<H", check) + meta + records


def emf_bytes() -> bytes:
    """An enhanced metafile: one of the icons python-pptx ships."""
    import pptx

    return (Path(pptx.__file__).parent / "templates" / "generic-icon.emf").read_bytes()
