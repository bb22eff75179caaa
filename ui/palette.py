"""One colour per source, the same on every chart: the Okabe-Ito colour-blind-safe palette."""

from collections.abc import Iterable

# Okabe & Ito (2008), "Color Universal Design", https://jfly.uni-koeln.de/color/ .
# Ordered so the first sources get the colours most distinct on white; yellow comes last
# because it is hard to see on a light background.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)

# Past eight sources: colours of Paul Tol's "muted" scheme (Tol 2021, "Colour Schemes",
# https://personal.sron.nl/~pault/) that are far from every Okabe-Ito colour, so the
# ten sources of a wire-service comparison still get ten different colours.
EXTRA: tuple[str, ...] = (
    "#332288",  # indigo
    "#882255",  # wine
    "#117733",  # green
    "#999933",  # olive
    "#CC6677",  # rose
    "#AA4499",  # purple
)
PALETTE: tuple[str, ...] = OKABE_ITO + EXTRA

# Sequential scale for heatmaps: light to dark blue, readable by colour-blind viewers
# (ColorBrewer "Blues", Harrower & Brewer 2003).
SEQUENTIAL = "Blues"

# Diverging scale for sentence tints: Okabe-Ito vermillion (negative) to blue (positive).
NEGATIVE_RGB = (213, 94, 0)
POSITIVE_RGB = (0, 114, 178)


def source_colors(sources: Iterable[str]) -> dict[str, str]:
    """Map each source to a palette colour, in sorted order so the mapping is stable.

    Colours are assigned from the full list of sources of the corpus (not a filtered
    subset), so a source keeps its colour when others are hidden. Eight Okabe-Ito colours,
    then six more (EXTRA); past fourteen sources the palette repeats.
    """
    unique = sorted({str(s) for s in sources})
    if not unique:
        return {}
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(unique)}


def sentiment_tint(compound: float, *, max_alpha: float = 0.35) -> str:
    """An rgba background for a sentence: blue for positive, vermillion for negative.

    The opacity grows with |compound| (VADER's compound is in [-1, 1]); 0 is transparent.
    """
    if compound != compound:  # NaN
        return "rgba(0,0,0,0)"
    value = max(-1.0, min(1.0, float(compound)))
    r, g, b = POSITIVE_RGB if value >= 0 else NEGATIVE_RGB
    return f"rgba({r},{g},{b},{abs(value) * max_alpha:.3f})"
