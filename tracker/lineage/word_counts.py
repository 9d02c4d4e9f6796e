"""How many current measures hold each word (`WordFrequency`): the linker's IDF without counting the corpus.

A word's rarity decides both its weight and whether the linker looks it up for candidates; counting it in the
search-words index costs a posting list a word (seconds for a document against a million measures), reading it
here one indexed row. The counts are of the words of `Measure.search_tokens` (each measure counts a word once),
over the measures not withdrawn: what `memory_candidates` counted before this table; the row of MEASURES is
their number.

Every writer of a measure's search words, its withdrawal or its existence keeps them, inside its own
transaction: the ingest wraps each document's writes in `following` (new, changed, withdrawn and returning
measures) and adds the file's change where it refreshes the dashboard summary, tracker.edits a person's edits of
headings and texts, and a deleted measure takes its words away (`forget`, on pre_delete, which the cascade from
a deleted document sends too). Changes are added under the dashboard summary's advisory lock (the same writers
take it, after their rows), in one upsert, so two writers never deadlock on the rows. `rebuild` recounts
everything (migration 0026, the benchmark's bulk load).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import QuerySet

from tracker.models import Measure, WordFrequency
from tracker.summary import take_summary_lock

BATCH = 2000
MEASURES = ""  # the row of the empty word (never a word) counts the current measures themselves: the IDF's total


def measure_words(search_tokens: str) -> set[str]:
    return {MEASURES, *search_tokens.split()}


def counted(measures: QuerySet, chunk_size: int | None = None) -> Counter:
    """The words of these measures (the current ones), each counted once a measure; read chunk_size rows at a
    time when given (a server-side cursor: a round trip more, for a few hundred rows not worth it)."""
    tokens = measures.filter(withdrawn_at__isnull=True).values_list("search_tokens", flat=True)
    counts = Counter()
    for measure_tokens in tokens.iterator(chunk_size=chunk_size) if chunk_size else tokens:
        counts.update(measure_words(measure_tokens))
    return counts


@contextmanager
def following(measures: QuerySet, into: Counter | None = None) -> Iterator[None]:
    """Around a write of these measures (the queryset is read before and again after it): the counts follow
    the difference, or it is added `into` a change the caller adds later (the ingest, once a file: the lock
    is then taken after the file's rows, as the dashboard summary takes it)."""
    before = counted(measures)
    yield
    change = counted(measures)
    change.subtract(before)
    if into is None:
        add(change)
    else:
        into.update(change)


def forget(measure: Measure) -> None:
    """A measure about to be deleted: its words no longer count."""
    if measure.withdrawn_at is None:
        add(Counter({word: -1 for word in measure_words(measure.search_tokens)}))


@transaction.atomic(savepoint=False)
def add(change: Counter) -> None:
    """Add each word's change to its count (rows created as needed, and dropped when they reach zero)."""
    rows = sorted((word, delta) for word, delta in change.items() if delta)
    if not rows:
        return
    take_summary_lock()
    table = connection.ops.quote_name(WordFrequency._meta.db_table)
    on_conflict = f"ON CONFLICT (word) DO UPDATE SET measures = {table}.measures + excluded.measures"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement of two arrays: a thousand rows cost no more to send
            cursor.execute(f"INSERT INTO {table} (word, measures) SELECT * FROM unnest(%s::text[], %s::int[])"
                           f" {on_conflict}", [[word for word, _ in rows], [delta for _, delta in rows]])
        else:  # SQLite steps one prepared statement
            cursor.executemany(f"INSERT INTO {table} (word, measures) VALUES (%s, %s) {on_conflict}", rows)
    WordFrequency.objects.filter(word__in=[word for word, delta in rows if delta < 0], measures=0).delete()


@transaction.atomic(savepoint=False)
def rebuild() -> int:
    """Recount every word from the measures; the number of words."""
    take_summary_lock()
    WordFrequency.objects.all().delete()
    counts = counted(Measure.objects.all(), chunk_size=5000)
    WordFrequency.objects.bulk_create((WordFrequency(word=w, measures=n) for w, n in sorted(counts.items())),
                                      batch_size=BATCH)
    return len(counts)


def frequencies(words: Iterable[str]) -> dict[str, int]:
    """The counts of these words (0 for a word no current measure holds)."""
    words = list(dict.fromkeys(words))
    found = {}
    for start in range(0, len(words), BATCH):
        found.update(WordFrequency.objects.filter(word__in=words[start:start + BATCH])
                     .values_list("word", "measures"))
    return {word: found.get(word, 0) for word in words}
