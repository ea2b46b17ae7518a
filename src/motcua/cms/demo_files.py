"""Files for the demo website, made without extra libraries: the seed plans
as PDF (text, not pictures: searchable and read aloud by screen readers) and
simple illustrations drawn with Pillow.

The PDF writer is deliberately small: one TrueType font with Vietnamese
glyphs found on the machine (Liberation Serif 2, DejaVu Serif, Noto Serif,
Times New Roman), embedded whole, A4 pages with the margins of NĐ 30/2020,
page numbers at the top from page 2. Without such a font the plans are
written as DOCX instead. Used by ``demo.py`` only; real documents are
uploaded by editors.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

SERIF_FONTS = [
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
    "/usr/share/fonts/noto/NotoSerif-Regular.ttf",
    "/Library/Fonts/Times New Roman.ttf",
    "/System/Library/Fonts/Supplemental/Times New Roman.ttf",
    "C:/Windows/Fonts/times.ttf",
]
SANS_FONTS = [
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
]
# Letters a Vietnamese font must have (Liberation 1.x lacks them).
VIETNAMESE_PROBE = "ẾếỆệỰựỮữĐđƠơƯư"


# ----------------------------------------------------------- TrueType
class TrueType:
    """What a PDF needs from a TrueType file: glyph ids, advance widths,
    metrics."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        count = self._u16(4)
        self.tables: dict[str, int] = {}
        for i in range(count):
            tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            self.tables[tag.decode("latin-1")] = offset
        head = self.tables["head"]
        self.units = self._u16(head + 18)
        self.bbox = struct.unpack_from(">hhhh", data, head + 36)
        hhea = self.tables["hhea"]
        self.ascent, self.descent = struct.unpack_from(">hh", data, hhea + 4)
        self.metrics_count = self._u16(hhea + 34)
        os2 = self.tables.get("OS/2")
        self.cap_height = self.ascent
        if os2 is not None and self._u16(os2) >= 2:
            self.cap_height = struct.unpack_from(">h", data, os2 + 88)[0]
        self._cmap = self._find_cmap()
        self._cache: dict[str, int] = {}

    def _u16(self, offset: int) -> int:
        return struct.unpack_from(">H", self.data, offset)[0]

    def _u32(self, offset: int) -> int:
        return struct.unpack_from(">I", self.data, offset)[0]

    def _find_cmap(self) -> tuple[int, int]:
        cmap = self.tables["cmap"]
        best: tuple[int, int] | None = None
        for i in range(self._u16(cmap + 2)):
            platform, encoding, offset = struct.unpack_from(">HHI", self.data, cmap + 4 + 8 * i)
            sub = cmap + offset
            fmt = self._u16(sub)
            if platform == 3 and encoding == 10 and fmt == 12:
                return (12, sub)
            if platform == 3 and encoding == 1 and fmt == 4:
                best = (4, sub)
        if best is None:
            raise ValueError("no Unicode cmap")
        return best

    def glyph(self, char: str) -> int:
        if char in self._cache:
            return self._cache[char]
        code = ord(char)
        fmt, sub = self._cmap
        gid = 0
        if fmt == 12:
            for i in range(self._u32(sub + 12)):
                start, end, first = struct.unpack_from(">III", self.data, sub + 16 + 12 * i)
                if start <= code <= end:
                    gid = first + code - start
                    break
        elif code <= 0xFFFF:
            segs = self._u16(sub + 6) // 2
            ends = sub + 14
            starts = ends + 2 * segs + 2
            deltas = starts + 2 * segs
            ranges = deltas + 2 * segs
            for i in range(segs):
                end = self._u16(ends + 2 * i)
                if code > end:
                    continue
                start = self._u16(starts + 2 * i)
                if code < start:
                    break
                delta = struct.unpack_from(">h", self.data, deltas + 2 * i)[0]
                range_offset = self._u16(ranges + 2 * i)
                if range_offset == 0:
                    gid = (code + delta) & 0xFFFF
                else:
                    value = self._u16(ranges + 2 * i + range_offset + 2 * (code - start))
                    gid = (value + delta) & 0xFFFF if value else 0
                break
        self._cache[char] = gid
        return gid

    def advance(self, gid: int) -> int:
        hmtx = self.tables["hmtx"]
        index = min(gid, self.metrics_count - 1)
        return self._u16(hmtx + 4 * index)

    def covers(self, text: str) -> bool:
        return all(self.glyph(c) for c in text)


def find_font(candidates: list[str]) -> Path | None:
    """The first font file that exists and has Vietnamese letters."""
    for name in candidates:
        path = Path(name)
        if not path.is_file():
            continue
        try:
            if TrueType(path.read_bytes()).covers(VIETNAMESE_PROBE):
                return path
        except (ValueError, KeyError, struct.error):
            continue
    return None


# ------------------------------------------------------------ seed text
@dataclass
class Paragraph:
    text: str
    kind: str  # "title", "subtitle", "heading", "subheading", "text", "right"


_ROMAN = re.compile(r"^[IVX]+\.\s")
_NUMBERED = re.compile(r"^\d+\.\s")


def clean_seed_line(line: str) -> str:
    """Drop the Markdown marks of the seed texts (*italic*, <links>)."""
    line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
    return line.replace("*", "").strip()


def seed_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs of a seed plan with a rough kind for layout. Lines broken
    in the middle of a sentence (page breaks of the original) are joined."""
    blocks: list[str] = []
    for raw in re.split(r"\n\s*\n", unicodedata.normalize("NFC", text)):
        lines = [clean_seed_line(x) for x in raw.splitlines() if x.strip()]
        if not lines:
            continue
        if blocks and blocks[-1] and blocks[-1][-1].isalpha() and lines[0][:1].islower():
            blocks[-1] = f"{blocks[-1]} {' '.join(lines)}"
            continue
        separate = lines[0].isupper() or all(x.startswith(("-", "+")) for x in lines[1:])
        blocks.extend(lines if separate else [" ".join(lines)])
    paragraphs: list[Paragraph] = []
    for block in blocks:
        letters = [c for c in block if c.isalpha()]
        upper = bool(letters) and all(c.isupper() for c in letters)
        previous = paragraphs[-1].kind if paragraphs else ""
        if _ROMAN.match(block):
            kind = "heading"
        elif upper and len(block) < 60:
            kind = "title"
        elif previous == "title" and len(block) < 120 and not block.endswith((".", ":")):
            kind = "subtitle"
        elif _NUMBERED.match(block) and len(block) < 90:
            kind = "subheading"
        elif block.startswith(("Khánh Hòa, ngày", "Bình Phước, ngày")):
            kind = "right"
        else:
            kind = "text"
        paragraphs.append(Paragraph(block, kind))
    return paragraphs


def seed_html(text: str) -> list[str]:
    """The seed plan as rich-text HTML fragments (one per paragraph)."""
    out = []
    for p in seed_paragraphs(text):
        body = escape(p.text)
        body = re.sub(r"(https?://[\w./-]+)", r'<a href="\1">\1</a>', body)
        if p.kind == "heading":
            out.append(f"<h2>{body}</h2>")
        elif p.kind == "subheading":
            out.append(f"<h3>{body}</h3>")
        elif p.kind in ("title", "subtitle"):
            out.append(f"<p><b>{body}</b></p>")
        else:
            out.append(f"<p>{body}</p>")
    return out


# ------------------------------------------------------------------ PDF
MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
# NĐ 30/2020, Phụ lục I: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 20 * MM, 20 * MM, 20 * MM
SIZES = {"title": 14, "subtitle": 14, "heading": 13, "subheading": 13, "text": 13, "right": 13}


class _Layout:
    def __init__(self, font: TrueType) -> None:
        self.font = font
        self.pages: list[list[str]] = []
        self.used: set[int] = set()
        self._new_page()

    def _new_page(self) -> None:
        self.ops: list[str] = []
        self.pages.append(self.ops)
        self.y = PAGE_H - TOP
        number = len(self.pages)
        if number > 1:
            self._text(
                str(number), PAGE_W / 2 - self.width(str(number), 11) / 2, PAGE_H - 12 * MM, 11
            )

    def width(self, text: str, size: float) -> float:
        return sum(self.font.advance(self.font.glyph(c)) for c in text) * size / self.font.units

    def _text(self, text: str, x: float, y: float, size: float) -> None:
        gids = [self.font.glyph(c) for c in text]
        self.used.update(gids)
        hexed = "".join(f"{g:04X}" for g in gids)
        self.ops.append(f"BT /F1 {size:g} Tf {x:.2f} {y:.2f} Td <{hexed}> Tj ET")

    def _wrap(self, text: str, size: float, width: float, indent: float) -> list[str]:
        lines: list[str] = []
        current = ""
        limit = width - indent
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if current and self.width(candidate, size) > limit:
                lines.append(current)
                current = word
                limit = width
            else:
                current = candidate
        if current:
            lines.append(current)
        return lines

    def paragraph(self, p: Paragraph) -> None:
        size = SIZES[p.kind]
        leading = size * 1.35
        width = PAGE_W - LEFT - RIGHT
        indent = 10 * MM if p.kind == "text" else 0
        lines = self._wrap(p.text, size, width, indent)
        self.y -= 4 if p.kind == "text" else 8
        for i, line in enumerate(lines):
            if self.y - leading < BOTTOM:
                self._new_page()
            self.y -= leading
            if p.kind in ("title", "subtitle"):
                x = LEFT + (width - self.width(line, size)) / 2
            elif p.kind == "right":
                x = PAGE_W - RIGHT - self.width(line, size)
            else:
                x = LEFT + (indent if i == 0 else 0)
            self._text(line, x, self.y, size)


def _cmap_stream(font: TrueType, used: set[int], chars: str) -> bytes:
    mapping: dict[int, str] = {}
    for char in chars:
        gid = font.glyph(char)
        if gid and gid in used:
            mapping.setdefault(gid, char)
    entries = sorted(mapping.items())
    chunks = []
    for i in range(0, len(entries), 100):
        part = entries[i : i + 100]
        body = "\n".join(f"<{g:04X}> <{ord(c):04X}>" for g, c in part)
        chunks.append(f"{len(part)} beginbfchar\n{body}\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "\n".join(chunks)
        + "\nendcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")


def _pdf_string(text: str) -> str:
    """A PDF text string in UTF-16BE (document information)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def make_pdf(paragraphs: list[Paragraph], font_path: Path, *, title: str) -> bytes:
    font_data = font_path.read_bytes()
    font = TrueType(font_data)
    layout = _Layout(font)
    for p in paragraphs:
        layout.paragraph(p)
    all_text = "".join(p.text for p in paragraphs) + "0123456789"
    scale = 1000 / font.units
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: str = "") -> bytes:
        packed = zlib.compress(data, 9)
        return (
            f"<< /Length {len(packed)} /Filter /FlateDecode {extra}>>\nstream\n".encode()
            + packed
            + b"\nendstream"
        )

    catalog = add(b"")  # filled in below
    pages = add(b"")
    font_file = add(stream(font_data, f"/Length1 {len(font_data)} "))
    name = re.sub(r"[^A-Za-z0-9-]", "", font_path.stem) or "Font"
    x0, y0, x1, y1 = (round(v * scale) for v in font.bbox)
    descriptor = add(
        (
            f"<< /Type /FontDescriptor /FontName /{name} /Flags 34 "
            f"/FontBBox [{x0} {y0} {x1} {y1}] /ItalicAngle 0 "
            f"/Ascent {round(font.ascent * scale)} /Descent {round(font.descent * scale)} "
            f"/CapHeight {round(font.cap_height * scale)} /StemV 80 /FontFile2 {font_file} 0 R >>"
        ).encode()
    )
    widths = " ".join(f"{g} [{round(font.advance(g) * scale)}]" for g in sorted(layout.used))
    cid_font = add(
        (
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {descriptor} 0 R /CIDToGIDMap /Identity /W [{widths}] >>"
        ).encode()
    )
    to_unicode = add(stream(_cmap_stream(font, layout.used, all_text)))
    type0 = add(
        (
            f"<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        ).encode()
    )
    page_ids = []
    for ops in layout.pages:
        content = add(stream("\n".join(ops).encode("ascii")))
        page_ids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {PAGE_W:.2f} {PAGE_H:.2f}] "
                    f"/Resources << /Font << /F1 {type0} 0 R >> >> /Contents {content} 0 R >>"
                ).encode()
            )
        )
    objects[pages - 1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{i} 0 R' for i in page_ids)}] "
        f"/Count {len(page_ids)} >>"
    ).encode()
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages} 0 R /Lang (vi-VN) >>".encode()
    info = add(f"<< /Title {_pdf_string(title)} /Producer (motcua) >>".encode())

    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


# ----------------------------------------------------------------- DOCX
def make_docx(paragraphs: list[Paragraph], *, title: str) -> bytes:
    """The fallback without a Vietnamese font: Word opens it with its own."""

    def run(p: Paragraph) -> str:
        align = {"title": "center", "subtitle": "center", "right": "right"}.get(p.kind, "both")
        bold = "<w:b/>" if p.kind in ("title", "subtitle", "heading", "subheading") else ""
        return (
            f'<w:p><w:pPr><w:jc w:val="{align}"/></w:pPr><w:r><w:rPr>{bold}'
            '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="26"/>'
            f'</w:rPr><w:t xml:space="preserve">{escape(p.text)}</w:t></w:r></w:p>'
        )

    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body>" + "".join(run(p) for p in paragraphs) + "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as docx:
        docx.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            "</Types>",
        )
        docx.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>",
        )
        docx.writestr(
            "docProps/core.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(title)}</dc:title><dc:language>vi-VN</dc:language></cp:coreProperties>",
        )
        docx.writestr("word/document.xml", document)
    return buffer.getvalue()


def seed_document(text: str, *, title: str) -> tuple[str, bytes]:
    """(extension, content) of a seed plan: PDF when a Vietnamese font is
    found, else DOCX."""
    paragraphs = seed_paragraphs(text)
    font = find_font(SERIF_FONTS)
    if font is not None:
        return "pdf", make_pdf(paragraphs, font, title=title)
    return "docx", make_docx(paragraphs, title=title)


# --------------------------------------------------------------- images
# Colours of the design system (site.css).
BLUE, DARK, RED, SOFT, WHITE = "#0b4f8a", "#083a66", "#b3261e", "#f2f5f8", "#ffffff"
SKIN, GREEN, YELLOW, GREY = "#e8b98f", "#1d6b34", "#ffbf47", "#8a96a3"


def _person(draw, x: float, y: float, scale: float, shirt: str) -> None:
    r = 26 * scale
    draw.ellipse([x - r, y - r, x + r, y + r], fill=SKIN)
    draw.rounded_rectangle(
        [x - 48 * scale, y + 32 * scale, x + 48 * scale, y + 190 * scale],
        radius=int(40 * scale),
        fill=shirt,
    )


def _label(draw, text: str, box: tuple[float, float, float, float], size: int, fill: str) -> None:
    from PIL import ImageFont

    path = find_font(SANS_FONTS)
    if path is None:
        return  # shapes only: the alt text says what the image shows
    font = ImageFont.truetype(str(path), size)
    x0, y0, x1, y1 = box
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) > (x1 - x0) and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    height = len(lines) * size * 1.25
    y = y0 + ((y1 - y0) - height) / 2
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text((x0 + ((x1 - x0) - width) / 2, y), line, font=font, fill=fill)
        y += size * 1.25


def draw_counter():
    """A one-stop reception counter with an officer and two citizens."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1200, 675), SOFT)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 470, 1200, 675], fill="#d5dce3")
    d.rectangle([80, 60, 1120, 150], fill=BLUE)
    _label(d, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", (80, 60, 1120, 150), 40, WHITE)
    _person(d, 420, 250, 1.0, GREEN)
    d.rectangle([220, 360, 980, 560], fill=DARK)
    d.rectangle([240, 380, 960, 400], fill=BLUE)
    d.rectangle([520, 300, 700, 370], fill="#23313f")
    d.rectangle([530, 310, 690, 360], fill="#9ec5ea")
    _person(d, 860, 330, 1.15, RED)
    _person(d, 1040, 360, 1.05, YELLOW)
    d.rectangle([100, 250, 200, 330], fill=RED)
    _label(d, "A12", (100, 250, 200, 330), 36, WHITE)
    return img


def draw_slogan_panel(text: str):
    """A red panel with a slogan, as hung at the one-stop office."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1200, 675), "#fbe9e7")
    d = ImageDraw.Draw(img)
    d.rectangle([60, 90, 1140, 520], fill=RED)
    d.rectangle([80, 110, 1120, 500], outline=YELLOW, width=6)
    _label(d, text.upper(), (120, 120, 1080, 490), 60, YELLOW)
    d.rectangle([150, 520, 175, 675], fill=GREY)
    d.rectangle([1025, 520, 1050, 675], fill=GREY)
    return img


def draw_online():
    """A phone and a laptop showing an online form with a tick."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1200, 675), "#e9f1fa")
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([170, 110, 830, 520], radius=18, fill="#23313f")
    d.rectangle([200, 140, 800, 490], fill=WHITE)
    d.rectangle([200, 140, 800, 190], fill=BLUE)
    for i, width in enumerate((460, 380, 520, 300)):
        y = 220 + i * 62
        d.rectangle([240, y, 240 + width, y + 34], outline=GREY, width=3)
    d.polygon([(90, 540), (910, 540), (860, 580), (140, 580)], fill="#5b6875")
    d.rounded_rectangle([870, 170, 1080, 580], radius=28, fill="#23313f")
    d.rectangle([890, 215, 1060, 535], fill=WHITE)
    d.ellipse([925, 300, 1025, 400], fill=GREEN)
    d.line([(948, 352), (968, 375), (1004, 326)], fill=WHITE, width=12)
    return img


def draw_post():
    """A parcel with an envelope: results delivered by post."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1200, 675), "#fff4d6")
    d = ImageDraw.Draw(img)
    d.rectangle([260, 250, 700, 560], fill="#c8964f")
    d.rectangle([460, 250, 500, 560], fill="#a87a3a")
    d.rectangle([640, 150, 1040, 420], fill=WHITE, outline=BLUE, width=8)
    d.line([(640, 150), (840, 300), (1040, 150)], fill=BLUE, width=8)
    d.rectangle([950, 170, 1020, 240], fill=RED)
    d.ellipse([120, 520, 240, 640], fill=DARK)
    d.ellipse([140, 540, 220, 620], fill=GREY)
    return img


def draw_station():
    """A commune health station with a red cross."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1200, 675), "#e8f5ec")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 540, 1200, 675], fill="#9cc9a8")
    d.rectangle([250, 260, 950, 560], fill=WHITE, outline=GREY, width=4)
    d.polygon([(220, 270), (600, 110), (980, 270)], fill=BLUE)
    d.rectangle([560, 400, 640, 560], fill=DARK)
    for x in (320, 760):
        d.rectangle([x, 330, x + 120, 420], fill="#9ec5ea", outline=GREY, width=4)
    d.rectangle([575, 170, 625, 290], fill=RED)
    d.rectangle([540, 205, 660, 255], fill=RED)
    d.ellipse([1000, 360, 1140, 500], fill=GREEN)
    d.rectangle([1060, 480, 1080, 560], fill="#6b4f2a")
    return img


def draw_meeting():
    """A meeting room: a table, people and a screen with a chart."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1200, 675), SOFT)
    d = ImageDraw.Draw(img)
    d.rectangle([380, 60, 820, 300], fill=WHITE, outline="#23313f", width=8)
    for i, h in enumerate((90, 140, 120, 180)):
        x = 430 + i * 95
        d.rectangle([x, 270 - h, x + 60, 270], fill=(BLUE, GREEN, YELLOW, RED)[i])
    d.ellipse([150, 400, 1050, 600], fill="#a87a3a")
    for x, colour in ((250, GREEN), (450, RED), (750, BLUE), (950, YELLOW)):
        _person(d, x, 330, 0.8, colour)
    return img


def draw_mosquito_care():
    """Clearing standing water: a bucket turned over, a covered jar, a net."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1200, 675), "#e9f1fa")
    d = ImageDraw.Draw(img)
    d.rectangle([0, 520, 1200, 675], fill="#c4cdd6")
    d.polygon([(180, 520), (420, 520), (380, 330), (220, 330)], fill=BLUE)
    d.ellipse([520, 250, 820, 540], fill="#a87a3a")
    d.rectangle([540, 230, 800, 280], fill=DARK)
    d.polygon([(900, 180), (1100, 180), (1140, 520), (860, 520)], outline=GREY, width=6)
    for x in range(900, 1120, 30):
        d.line([(x, 180), (x - 20, 520)], fill=GREY, width=2)
    d.ellipse([640, 90, 700, 130], fill="#23313f")
    d.line([(600, 80), (740, 140)], fill=RED, width=10)
    return img


def image_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
