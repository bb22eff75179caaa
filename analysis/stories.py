"""Stories: which articles cover the same event.

The `story` column wins when it is given. Articles without one are grouped by text
similarity: the Jaccard similarity of their content-word sets, candidates from a MinHash
LSH index (datasketch; signatures computed with numpy in `analysis.reuse_index`, equal
to datasketch's) so no pair of articles is compared unless the index proposes it, then
connected components. Each new story is labelled by its most distinctive shared words.
Formulas in docs/METHODOLOGY.md ("Stories").
"""

import math
from collections import Counter, defaultdict
from collections.abc import Mapping

import pandas as pd
from datasketch import LeanMinHash, MinHash, MinHashLSH

from analysis.reuse import tokenize
from analysis.reuse_index import permutations, set_signatures
from analysis.terms import load_stopwords

# Jaccard of content-word sets above which two articles are one story. Measured: the two
# seed articles (one event, 380 vs 1,100 words) score 0.19; unrelated news ~0.00-0.03.
DEFAULT_STORY_THRESHOLD = 0.12
NUM_PERM = 128  # datasketch default
BUCKET_REPS = 3  # members of an LSH bucket each article is verified against
LABEL_WORDS = 3  # words in a generated story label
LABEL_JOINER = " · "
STORY_PREFIX = "story: "


def article_counts(sentences: list[str], *, stopwords: frozenset[str]) -> Counter:
    """Counts of the content words (normalised, stop words and numbers removed) of one article."""
    return Counter(
        w for s in sentences for w in tokenize(s).words
        if w not in stopwords and any(c.isalpha() for c in w)
    )


def jaccard(a: set[str], b: set[str]) -> float:
    """|A & B| / |A | B|."""
    return len(a & b) / len(a | b) if a or b else 0.0


def similar_groups(
    word_sets: Mapping[str, set[str]], *, threshold: float, num_perm: int = NUM_PERM, seed: int = 1
) -> list[list[str]]:
    """Connected components of articles linked by Jaccard >= threshold: LSH buckets give
    candidates, each checked exactly against its bucket's first BUCKET_REPS members.
    Components sorted by their first article id."""
    ids = sorted(word_sets)
    parent = {a: a for a in ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    indexed = [a for a in ids if word_sets[a]]
    if len(indexed) > 1:
        sigs = set_signatures([sorted(word_sets[a]) for a in indexed],
                              perms=permutations(num_perm=num_perm, seed=seed))
        scheme = MinHash(num_perm=1, seed=seed).scheme  # the scheme set_signatures mirrors
        hashes = [LeanMinHash(seed=seed, hashvalues=row, scheme=scheme) for row in sigs]
        lsh = MinHashLSH(threshold=min(max(threshold, 0.01), 0.99), num_perm=num_perm)
        with lsh.insertion_session() as session:
            for a, mh in zip(indexed, hashes, strict=True):
                session.insert(a, mh, check_duplication=False)
        # Each LSH bucket: its members are checked against the bucket's first BUCKET_REPS
        # members only (exact Jaccard), so a bucket of n articles costs O(n), not O(n^2).
        for table in lsh.hashtables:
            for key in table.keys():  # noqa: SIM118 (a datasketch storage, not a dict)
                members = sorted(table.get(key))
                for b in members[1:]:
                    for a in members[:BUCKET_REPS]:
                        if a < b and root(a) != root(b) and (
                            jaccard(word_sets[a], word_sets[b]) >= threshold
                        ):
                            ra, rb = root(a), root(b)
                            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for a in ids:
        groups[root(a)].append(a)
    return sorted(groups.values(), key=lambda g: g[0])


def story_label(members: list[str], *, counts: Mapping[str, Counter], corpus_df: Counter) -> str:
    """The group's most distinctive shared words: score = share of the group's articles
    using the word x log((N + 1) / articles in the corpus using it); ties: more uses first,
    then alphabetical."""
    n_docs = len(counts)
    inside: Counter = Counter(w for a in members for w in counts[a])
    uses: Counter = Counter()
    for a in members:
        uses.update(counts[a])  # in place: sum(..., Counter()) copies per member (quadratic)
    scored = sorted(
        inside,
        key=lambda w: (-(inside[w] / len(members)) * math.log((n_docs + 1) / corpus_df[w]),
                       -uses[w], w),
    )
    words = scored[:LABEL_WORDS]
    return STORY_PREFIX + LABEL_JOINER.join(words) if words else STORY_PREFIX + members[0]


def assign_stories(
    articles_df: pd.DataFrame,
    sentences_df: pd.DataFrame,
    *,
    threshold: float = DEFAULT_STORY_THRESHOLD,
) -> pd.Series:
    """article_id -> story label.

    Articles with a `story` value keep it. The others are grouped with every article by
    similarity; a group that contains labelled articles takes their most common label, a
    group without takes a generated label ("story: word · word · word").
    """
    if articles_df.empty:
        return pd.Series(dtype=object, name="story")
    given = {}
    if "story" in articles_df.columns:
        given = {a: s for a, s in zip(articles_df["article_id"], articles_df["story"], strict=True)
                 if isinstance(s, str) and s.strip()}
    ids = list(articles_df["article_id"])
    if len(given) == len(ids):
        return pd.Series([given[a] for a in ids], index=pd.Index(ids, name="article_id"),
                         name="story")
    stops = load_stopwords()
    texts = sentences_df.groupby("article_id")["text"].apply(list).to_dict()
    counts = {a: article_counts(texts.get(a, []), stopwords=stops) for a in ids}
    word_sets = {a: set(c) for a, c in counts.items()}
    corpus_df: Counter = Counter(w for ws in word_sets.values() for w in ws)
    labels: dict[str, str] = {}
    used: set[str] = set(given.values())
    for members in similar_groups(word_sets, threshold=threshold):
        known = Counter(given[a] for a in members if a in given)
        if known:
            label = known.most_common(1)[0][0]
        else:
            label = story_label(members, counts=counts, corpus_df=corpus_df)
            base, k = label, 2
            while label in used:
                label, k = f"{base} ({k})", k + 1
            used.add(label)
        for a in members:
            labels[a] = given.get(a, label)
    return pd.Series([labels[a] for a in ids], index=pd.Index(ids, name="article_id"),
                     name="story")
