"""The vote of `analysis.reuse.candidate_pairs` on int arrays (numpy sorts, no dicts).

A place is a sentence, numbered in corpus order. A family's places are those of its windows
(windows in order, each window's places in corpus order, repeats dropped); its origins are
the places of its first MAX_ORIGINS articles, at most MAX_ORIGIN_SENTENCES each. Every place
of a family spanning two articles or more votes once for each origin in another article;
each place keeps its MAX_CANDIDATES most voted origins, ties broken by origin (article id
order, then sentence number).
"""

import numpy as np

MAX_ORIGINS = 2  # a passage family links each carrier to its first 2 carriers (O(n) pairs)
MAX_ORIGIN_SENTENCES = 2  # sentences of one origin article kept per family
MAX_CANDIDATES = 3  # places a sentence is verified against (the most voted)
VOTER_CHUNK = 1 << 17  # voters (sentences) whose ballots are counted in one pass
FAMILY_CHUNK = 1 << 20  # window occurrences whose families are processed in one pass


def run_rank(groups: np.ndarray) -> np.ndarray:
    """Within runs of equal values of `groups` (already grouped), 0, 1, 2, ... ."""
    if not groups.size:
        return np.empty(0, dtype=np.int64)
    starts = np.r_[True, groups[1:] != groups[:-1]]
    index = np.arange(groups.size)
    return index - np.maximum.accumulate(np.where(starts, index, 0))


def family_places(
    window: np.ndarray, place: np.ndarray, fam: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(family, place) of each distinct place of each family, families ascending, places
    in family order. `window`, `place`, `fam`: per window occurrence in corpus order, its
    window, place and family numbers."""
    # int64 from here: composite keys below
    fam, window, place = fam.astype(np.int64), window.astype(np.int64), place.astype(np.int64)
    order = np.argsort(fam * (int(window.max()) + 1) + window, kind="stable")
    fam, place = fam[order], place[order]
    span = int(place.max()) + 1
    _, first = np.unique(fam * span + place, return_index=True)
    keep = np.sort(first)
    return fam[keep], place[keep]


def origins_of(
    fam: np.ndarray, article: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(is_origin, articles): per place of `family_places` (with its article), whether it
    is an origin of its family, and how many articles its family spans."""
    span = int(article.max()) + 1
    _, first, group = np.unique(fam * span + article, return_index=True, return_inverse=True)
    group = group.ravel()
    by_first = np.argsort(first)
    group_rank = np.empty(first.size, dtype=np.int64)
    group_rank[by_first] = run_rank(fam[first[by_first]])  # article's rank in its family
    articles = np.bincount(fam[first], minlength=int(fam.max()) + 1)[fam]
    by_group = np.argsort(group, kind="stable")
    nth = np.empty(group.size, dtype=np.int64)
    nth[by_group] = run_rank(group[by_group])  # place's rank among its article's places
    is_origin = (group_rank[group] < MAX_ORIGINS) & (nth < MAX_ORIGIN_SENTENCES)
    return is_origin, articles


def origin_table(fam: np.ndarray, place: np.ndarray, is_origin: np.ndarray) -> tuple[
        np.ndarray, np.ndarray]:
    """(table, compact): the families numbered 0, 1, ... (`compact`, per place) and each
    one's origin places (`table` row, -1 padded)."""
    compact = np.cumsum(np.r_[True, fam[1:] != fam[:-1]]) - 1
    table = np.full((int(compact[-1]) + 1, MAX_ORIGINS * MAX_ORIGIN_SENTENCES), -1,
                    dtype=np.int64)
    where = np.flatnonzero(is_origin)
    table[compact[where], run_rank(compact[where])] = place[where]
    return table, compact


def ballots(
    compact: np.ndarray, place: np.ndarray, *, table: np.ndarray, place_article: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(voter, origin) once per family for each place and each origin of its family
    (`origin_table`) in another article."""
    article = place_article[place]
    voters, origins = [], []
    for slot in range(table.shape[1]):
        origin = table[compact, slot]
        ok = origin >= 0
        ok[ok] = place_article[origin[ok]] != article[ok]
        voters.append(place[ok])
        origins.append(origin[ok])
    return np.concatenate(voters), np.concatenate(origins)


def top_origins(
    voter: np.ndarray, origin: np.ndarray, *, tie_key: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each voter's MAX_CANDIDATES origins by (-votes, tie_key[origin])."""
    base = int(voter.min())
    voter, origin = voter.astype(np.int64) - base, origin.astype(np.int64)
    span = int(origin.max()) + 1
    pairs = np.sort(voter * span + origin)
    starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
    votes = np.diff(np.r_[starts, pairs.size])
    pairs = pairs[starts]
    voter, origin = pairs // span, pairs % span
    ties = tie_key[origin].astype(np.int64)
    # one int64 key (voter, -votes, tie) when it fits: a single sort instead of a lexsort
    most, tie_span = int(votes.max()) + 1, int(ties.max()) + 1
    if (int(voter.max()) + 1) * most * tie_span < 2**62:
        order = np.argsort((voter * most + (most - 1 - votes)) * tie_span + ties)
    else:
        order = np.lexsort((ties, -votes, voter))
    keep = order[run_rank(voter[order]) < MAX_CANDIDATES]
    return voter[keep] + base, origin[keep]


def family_ballots(
    window: np.ndarray, place: np.ndarray, fam: np.ndarray, *, place_article: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """`ballots` of whole families, from their window occurrences (see `family_places`)."""
    fam, place = family_places(window, place, fam)
    is_origin, articles = origins_of(fam, place_article[place].astype(np.int64))
    shared = articles >= 2
    fam, place, is_origin = fam[shared], place[shared], is_origin[shared]
    if not fam.size:
        return place, place
    table, compact = origin_table(fam, place, is_origin)
    return ballots(compact, place, table=table, place_article=place_article)


def family_spans(fam: np.ndarray, *, size: int) -> list[tuple[int, int]]:
    """Ranges of family numbers holding about `size` occurrences each (whole families)."""
    total = np.cumsum(np.bincount(fam))
    edges = np.searchsorted(total, np.arange(size, int(total[-1]), size)) + 1
    bounds = [0, *np.unique(edges).tolist(), total.size]
    return [(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True) if lo < hi]


def vote(
    window: np.ndarray, place: np.ndarray, family: np.ndarray, *,
    place_article: np.ndarray, tie_key: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(voter, origin) place pairs to verify: see the module docstring. `window`, `place`
    per window occurrence in corpus order, `family` per window, `place_article` per place,
    `tie_key` per place (smaller wins a tie). Families are taken FAMILY_CHUNK occurrences
    at a time and ballots counted VOTER_CHUNK voters at a time: memory stays bounded."""
    empty = np.empty(0, dtype=np.int64)
    if not window.size:
        return empty, empty
    fam = family[window]
    span = len(place_article)
    keys = []  # voter * span + origin, one per ballot
    for lo, hi in family_spans(fam, size=FAMILY_CHUNK):
        mine = np.flatnonzero((fam >= lo) & (fam < hi))
        voter, origin = family_ballots(window[mine], place[mine], fam[mine],
                                       place_article=place_article)
        keys.append(voter.astype(np.int64) * span + origin)
    ballot = np.concatenate(keys)
    del keys, fam
    ballot.sort()
    cuts = np.searchsorted(ballot, np.arange(0, span + VOTER_CHUNK, VOTER_CHUNK) * span)
    chosen = [top_origins(ballot[a:b] // span, ballot[a:b] % span, tie_key=tie_key)
              for a, b in zip(cuts[:-1].tolist(), cuts[1:].tolist(), strict=True) if a < b]
    if not chosen:
        return empty, empty
    return np.concatenate([v for v, _ in chosen]), np.concatenate([o for _, o in chosen])
