"""Link previews: each page's title tag, Open Graph and Twitter tags, and its preview image.

The image is a 1200 x 630 PNG card drawn at build time with Pillow: the site's name, the
page's title and description, and the picture behind L1's zeros (a loss's contours first touch
the L1 ball at a corner, where a coordinate is zero). The font is Lato, from the pinned
font-lato package: nothing is downloaded. Cards are cached under .cache/previews by a hash of
what they show and of what draws them (written whole or not at all; a damaged card is drawn
again). overrides/partials/share.html writes the tags.
"""

from __future__ import annotations

import io
import shutil
from importlib.metadata import version
from pathlib import Path

import font_lato
import numpy as np
import PIL
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from PIL import Image, ImageDraw, ImageFont

from engine.cache import Cache
from engine.escaping import attribute
from snippets.contract import module_files
from snippets.style import L1_COLOR, L2_COLOR

CACHE_NAME = "previews"
IMAGES = "assets/previews"  # in the site: one <page>.png per page
WIDTH, HEIGHT = 1200, 630
REGULAR, BOLD = font_lato.font_files["Lato"], font_lato.font_files["LatoBold"]
TAGLINE = "Every number computed at build time and asserted by a test"

INDIGO, INK, MUTED, GREY = "#4051B5", "#1B1B1F", "#3D3D42", "#6B6B70"
MARGIN, BAND, TEXT_WIDTH = 64, 84, 690


class PreviewError(PluginError):
    """A page's preview card cannot be drawn."""


# -- the card ----------------------------------------------------------------------------


def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def missing_glyphs(face: ImageFont.FreeTypeFont, text: str) -> list[str]:
    """Characters the font draws as its "missing glyph" box (a private-use code point's)."""

    def drawn(character: str) -> bytes:
        image = Image.new("L", (2 * face.size, 2 * face.size))
        ImageDraw.Draw(image).text((face.size // 2, face.size // 2), character, font=face, fill=255)
        return image.tobytes()

    box = drawn("\ue000")
    return sorted({c for c in set(text) if not c.isspace() and drawn(c) == box})


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """Greedy word wrap in at most ``lines`` lines; an ellipsis ends text that does not fit."""
    words, out = text.split(), [""]
    for word in words:
        candidate = f"{out[-1]} {word}".strip()
        if face.getlength(candidate) <= width or not out[-1]:
            out[-1] = candidate
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        while face.getlength(out[-1] + " …") > width and " " in out[-1]:
            out[-1] = out[-1].rsplit(" ", 1)[0]
        out[-1] += " …"
    return out


def fit_title(title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title takes at most three lines."""
    for size in range(68, 40, -4):
        face = font(BOLD, size)
        lines = wrap(title, face, TEXT_WIDTH, 99)
        if len(lines) <= 3:
            return face, lines
    return face, wrap(title, face, TEXT_WIDTH, 3)


MOTIF_BOX = (800, 110, 1170, 600)  # left, top, right, bottom, in the card's pixels
# Where the picture's shapes come from: the geometry of L1's corners, computed by its snippet.
PICTURE = "snippets.l5.geometry"


def draw_motif(card: Image.Image) -> None:
    """Why L1 gives zeros: the L1 ball (vermilion diamond), the L2 ball (blue circle) and the
    contours of a quadratic loss, with the loss's minimizer over each ball marked: the
    diamond's at a corner, where the first coordinate is zero; the circle's off the axes
    (snippets/l5/geometry.py, ``corner_picture``)."""
    from snippets.l5.geometry import corner_picture  # numpy and plotly: on a cache miss only

    shapes = corner_picture()
    corner, round_minimum = shapes["l1_minimizer"], shapes["l2_minimizer"]
    every = np.hstack([shapes["diamond"], shapes["circle"], *shapes["contours"]])
    low, high = every.min(axis=1), every.max(axis=1)
    left, top, right, bottom = MOTIF_BOX
    scale = 4  # drawn four times larger, then reduced: Pillow's lines have no anti-aliasing
    unit = min((right - left) / (high[0] - low[0]), (bottom - top) / (high[1] - low[1]))

    def at(points: np.ndarray) -> list[tuple[float, float]]:
        x = (left + (points[0] - low[0]) * unit) * scale
        y = (bottom - (points[1] - low[1]) * unit) * scale
        return list(zip(np.atleast_1d(x).tolist(), np.atleast_1d(y).tolist()))

    layer = Image.new("RGBA", (WIDTH * scale, HEIGHT * scale), (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    for axis in (np.array([[low[0], high[0]], [0, 0]]), np.array([[0, 0], [low[1], high[1]]])):
        pen.line(at(axis), fill="#C9C9CE", width=2 * scale)
    for points in shapes["contours"]:
        pen.line(at(points), fill="#8E8E96", width=3 * scale, joint="curve")
    pen.line(at(shapes["circle"]), fill=L2_COLOR, width=5 * scale, joint="curve")
    pen.line(at(shapes["diamond"]), fill=L1_COLOR, width=6 * scale, joint="curve")
    dot = 11 * scale
    for point, colour in ((corner, L1_COLOR), (round_minimum, L2_COLOR)):
        [(x, y)] = at(point[:, None])
        pen.ellipse([x - dot, y - dot, x + dot, y + dot], fill=colour)
    labels = font(BOLD, 30 * scale)
    [(x, y)] = at(np.array([[-0.62], [-0.62]]))
    pen.text((x, y), "L1", font=labels, fill=L1_COLOR, anchor="rt")
    [(x, y)] = at(np.array([[0.78], [-0.78]]))
    pen.text((x, y), "L2", font=labels, fill=L2_COLOR, anchor="lt")
    card.alpha_composite(layer.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS))


def render_card(site_name: str, title: str, description: str) -> bytes:
    card = Image.new("RGBA", (WIDTH, HEIGHT), "white")
    draw_motif(card)
    pen = ImageDraw.Draw(card)
    pen.rectangle([0, 0, WIDTH, BAND], fill=INDIGO)
    name_face = font(BOLD, 30)
    pen.text((MARGIN, BAND / 2), site_name, font=name_face, fill="white", anchor="lm")
    title_face, title_lines = fit_title(title)
    y = BAND + 56
    for line in title_lines:
        pen.text((MARGIN, y), line, font=title_face, fill=INK)
        y += round(title_face.size * 1.18)
    y += 18
    text_face = font(REGULAR, 30)
    room = max(1, (HEIGHT - 96 - y) // 40)
    for line in wrap(description, text_face, TEXT_WIDTH, min(room, 5)):
        pen.text((MARGIN, y), line, font=text_face, fill=MUTED)
        y += 40
    pen.text((MARGIN, HEIGHT - 48), TAGLINE, font=font(REGULAR, 24), fill=GREY, anchor="ls")
    out = io.BytesIO()
    card.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def cached_card(cache: Cache, site_name: str, title: str, description: str, where: str) -> Path:
    """The card's PNG from the cache, drawn first if it is not there. Its key: what it shows,
    and what draws it (this module and the font's and Pillow's versions). The font is checked
    for every character only when the card is drawn: an entry exists only for text it
    passed, and the key changes with the text or the font."""
    drawn_by = [PIL.__version__, version("font-lato")]
    sources = [Path(__file__), *module_files(PICTURE, cache.root)]
    entry = f"{cache.key(sources, extra=[site_name, title, description, drawn_by])}.png"
    path = cache.entry(entry)
    if not is_whole_png(path):
        for text, face in ((site_name, BOLD), (title, BOLD), (description, REGULAR)):
            missing = missing_glyphs(font(face, 30), text)
            if missing:
                raise PreviewError(
                    f"{where}: the preview card's font (Lato) has no glyph for {missing} "
                    f"in {text!r}; reword the title or description"
                )
        cache.write(entry, render_card(site_name, title, description))
    return path


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the last chunk, empty, and its checksum


def is_whole_png(path: Path) -> bool:
    """Whether the cache holds the card whole: a PNG of the card's size that ends with its
    last chunk (a missing or cut file is a miss). Entries are written whole or not at all
    (write_cache_entry), so the chunks between are not decoded: that took a warm build
    seconds."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    size = (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))
    return (
        data.startswith(PNG_SIGNATURE)
        and data[12:16] == b"IHDR"
        and size == (WIDTH, HEIGHT)
        and data.endswith(PNG_END)
    )


# -- the tags ----------------------------------------------------------------------------


def image_name(url: str) -> str:
    """ "l4/" -> "l4.png", "reference/optimizers/" -> "reference-optimizers.png", "" -> index."""
    return (url.removesuffix(".html").strip("/").replace("/", "-") or "index") + ".png"


def share(
    config, cache: Cache, *, title: str, description: str, url: str | None, where: str
) -> dict:
    """What a page's head says about it. ``url``: its address from the site's root, None for
    a page with no address of its own (404.html, served in place of any missing one)."""
    site_name = config.site_name
    image = f"{IMAGES}/{image_name(where if url is None else url)}"
    target = Path(config.site_dir) / image
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached_card(cache, site_name, title, description, where), target)
    site_url = config.site_url or None
    if site_url:
        image_url = site_url + image
    elif url is None:  # like mkdocs's links on 404.html: from the root of the host
        image_url = "/" + image
    else:  # no absolute address to give: the image's, relative to the page
        image_url = get_relative_url(image, url or ".")
    return {
        "title_tag": site_name if title == site_name else f"{title} - {site_name}",
        "title": title,
        "description": description,
        "url": site_url + url if site_url and url is not None else None,
        "image": image_url,
        "image_alt": f"{title} ({site_name}): {description}",
    }


def description_of(page, config) -> str:
    if page.meta.get("description"):
        return page.meta["description"]
    if page.file.src_uri.startswith("labs/"):  # a notebook has no front matter: its sections
        level = Path(page.file.src_uri).stem.upper()
        sections = [item.title for item in page.toc.items[0].children] if page.toc.items else []
        return f"The notebook behind the {level} answer, to download and run: " + "; ".join(
            sections
        )
    return config.site_description


def page_share(page, config, cache: Cache) -> dict:
    description = description_of(page, config)
    # The page's <meta name="description"> too, which Material writes as it is given.
    page.meta["description"] = attribute(description)
    return share(
        config,
        cache,
        title=page.meta.get("title") or page.title,
        description=description,
        url=page.url,
        where=page.file.src_uri,
    )


def not_found_share(config, cache: Cache) -> dict:
    """The head of 404.html, which is served in place of any missing page."""
    return share(
        config,
        cache,
        title="Page not found",
        description=config.site_description,
        url=None,
        where="404.html",
    )


def share_print_page(config, cache: Cache) -> None:
    """The print page's head: print-site renders it, after the other pages, with the
    context it kept (before its on_post_build)."""
    print_site = config.plugins.get("print-site")
    if print_site is not None and getattr(print_site, "context", None):
        print_site.context["share"] = page_share(print_site.print_page, config, cache)
