"""The catalogue of handwriting styles: how people (and which people) write each digit.

Each style has a name (``7-crossed``), its digit and a description. Two independent sets of
shapes draw them: ``stress_templates`` (the benchmark's, never trained on) and
``training_templates`` (the style strokes mixed into training); tests check both cover this
catalogue exactly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Style:
    name: str
    digit: int
    description: str


STYLES: tuple[Style, ...] = (
    Style("0-oval", 0, "a closed oval"),
    Style("0-open-top", 0, "an oval left open at the top"),
    Style("1-plain", 1, "a single stick"),
    Style("1-flag", 1, "a stick with a long flag (continental Europe)"),
    Style("1-flag-base", 1, "flag and a foot across the bottom"),
    Style("2-plain", 2, "curved top, diagonal, flat base"),
    Style("2-looped", 2, "a small loop where the diagonal meets the base"),
    Style("2-z-crossed", 2, "Z-shaped with a bar through the diagonal (European)"),
    Style("3-plain", 3, "two round bowls"),
    Style("3-flat-top", 3, "a flat top and a bowl (Z-like)"),
    Style("4-closed", 4, "closed triangle: diagonal, bar, stem from the apex"),
    Style("4-open", 4, "open top, two strokes"),
    Style("4-one-stroke-open", 4, "open top in one stroke: down, across, up and back down"),
    Style("4-zigzag", 4, "one stroke: diagonal, across, up a little and down the stem"),
    Style("4-che", 4, "like the Cyrillic 'Ч': a rounded left corner into the stem"),
    Style("5-plain", 5, "stem and bowl, the flag added after a pen lift"),
    Style("5-one-stroke", 5, "flag, stem and bowl in one stroke"),
    Style("6-plain", 6, "a curved stem into a closed loop"),
    Style("6-straight", 6, "a straight stem into the loop"),
    Style("6-open-loop", 6, "the loop left open"),
    Style("7-plain", 7, "a bar and a stem"),
    Style("7-crossed", 7, "a bar through the middle of the stem (European)"),
    Style("7-serif", 7, "a small downward tick at the start of the bar"),
    Style("8-plain", 8, "one stroke, two loops"),
    Style("8-two-loop", 8, "two separate circles, one on the other"),
    Style("8-narrow", 8, "squeezed to a narrow figure"),
    Style("8-slanted", 8, "leaning strongly to the right"),
    Style("9-straight", 9, "a loop and a straight stem"),
    Style("9-hooked", 9, "the stem ends in a hook to the left"),
    Style("9-curved-tail", 9, "the tail sweeps down and to the left in a curve"),
)

STYLE_NAMES: tuple[str, ...] = tuple(s.name for s in STYLES)
BY_NAME: dict[str, Style] = {s.name: s for s in STYLES}
