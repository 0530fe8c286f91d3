"""Read the text of the PDF chromium prints (Skia/PDF), page by page, without a PDF library.

No PDF reader is installed (no new dependency for one test), and the text of a Skia PDF is not in its bytes as
characters: each page's content stream is Flate-compressed and shows glyph ids through Type0 fonts whose
ToUnicode CMaps give the characters. This reads exactly that much: objects, Flate streams, the fonts a page
names, their bfchar/bfrange maps and the hex strings its ``Tj`` operators show, with the x of the text matrix
each run was shown at, so a test can tell which side of the page a page number is on.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_TEXT_OPS = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|1 0 0 -1 ([\d.]+) [\d.]+ Tm|<([0-9A-Fa-f]*)>")


@dataclass(frozen=True)
class PdfPage:
    """One printed page: its text in drawing order, and each run of text with the x it was drawn at."""

    text: str
    runs: list[tuple[float, str]]
    #: the page's width in the units of ``runs``' x (CSS px: Skia draws at 0.75 pt a px)
    width: float


def pdf_pages(data: bytes) -> list[PdfPage]:
    """Return the pages of a chromium PDF with their text."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)}

    def stream(number: int) -> bytes:
        body = objects[number]
        start = body.index(b"stream") + 6
        start += 2 if body[start:start + 2] == b"\r\n" else 1
        raw = body[start:body.rindex(b"endstream")]
        # the decompressor stops at the end of the data, whatever end-of-line comes before "endstream"
        return zlib.decompressobj().decompress(raw) if b"FlateDecode" in body[:start] else raw

    def reference(body: bytes, key: bytes) -> int | None:
        found = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
        return int(found.group(1)) if found else None

    def unicode_map(font: int) -> dict[int, str]:
        table: dict[int, str] = {}
        to_unicode = reference(objects[font], b"ToUnicode")
        if to_unicode is None:
            return table
        cmap = stream(to_unicode)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                table[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                first = int(target, 16)
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    table[code] = chr(first + offset)
        return table

    pages = []
    for number in sorted(n for n, body in objects.items() if re.search(rb"/Type\s*/Page\b", body)):
        body = objects[number]
        fonts = {name: int(ref) for name, ref in re.findall(rb"/(F\d+)\s+(\d+) 0 R", body)}
        box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]*)\]", body).group(1).split()]
        runs: list[tuple[float, str]] = []
        table: dict[int, str] = {}
        x = 0.0
        for found in _TEXT_OPS.finditer(stream(reference(body, b"Contents"))):
            font, moved, shown = found.groups()
            if font:
                table = unicode_map(fonts[font])
            elif moved:
                x = float(moved)
            else:
                text = "".join(table.get(int(shown[i:i + 4], 16), "") for i in range(0, len(shown), 4))
                runs.append((x, text))
        pages.append(PdfPage("".join(text for _, text in runs), runs, (box[2] - box[0]) / 0.75))
    return pages
