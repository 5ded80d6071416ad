"""What SQLite's plans say about a request: which steps read a whole table or index, or sort.

SQLite says SEARCH for a step that finds its rows through an index, and SCAN for one that reads
a whole table, or a whole index (`SCAN t USING INDEX i`). A skip-scan (`ANY(column)`) reads an
index once per value of its first column, and an AUTOMATIC index is built from the whole table
for one statement: both are whole reads too. `USE TEMP B-TREE FOR ORDER BY` is a sort.

Two SCANs read no table: one of a result the statement made itself (`MATERIALIZE w`, a
window of at most a page's reach of ids), and the walk that finds that window's edge (the
articles under another name, through an index, newest first, stopping at a fixed count).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from labs.lab09_indexing.checks.library import Library

SCAN = re.compile(r"^SCAN (?P<table>\w+)(?P<index> USING (?:COVERING )?INDEX \w+)?")
OWN_RESULT = re.compile(r"^(?:MATERIALIZE|CO-ROUTINE) (?P<name>\w+)")
ARTICLES_ALIAS = re.compile(r"\barticles AS (?P<alias>\w+)", re.IGNORECASE)
SORT = "TEMP B-TREE FOR"  # ORDER BY, RIGHT PART OF ORDER BY, LAST TERM OF ORDER BY


@dataclass(frozen=True)
class Read:
    """One SELECT a request sent, and its plan."""

    sql: str
    plan: list[str]

    @property
    def short(self) -> str:
        return " ".join(self.sql.split())[:220]

    def sorts(self) -> bool:
        return any(SORT in line and "ORDER BY" in line for line in self.plan)

    def counts_everything(self) -> bool:
        """`SELECT count(...) FROM t`, no WHERE: a count of all reads all, whatever the index."""
        flat = " ".join(self.sql.split()).upper()
        return flat.startswith("SELECT COUNT(") and " WHERE " not in flat

    def own_results(self) -> set[str]:
        """The names of the results this statement materialises and then reads (a window)."""
        return {found["name"] for line in self.plan if (found := OWN_RESULT.match(line))}

    def window_edges(self) -> set[str]:
        """The other names of articles in a statement that materialises a window: their walk
        through an index finds the window's edge and stops at its count."""
        if not self.own_results():
            return set()
        return {found["alias"] for found in ARTICLES_ALIAS.finditer(self.sql)}

    def whole_reads(self, *, newest_first_walk: bool) -> list[str]:
        """The steps that read a whole table or index; a walk of the articles through an index,
        in order with no sort, is allowed where `newest_first_walk` (it stops at the page's end),
        and so is the walk to a window's edge."""
        found = []
        for line in self.plan:
            scan = SCAN.match(line)
            if scan is not None and scan["table"] in self.own_results():
                continue  # the statement's own window, not a table
            walk_allowed = (
                scan is not None
                and scan["index"] is not None
                and (
                    (newest_first_walk and scan["table"] == "articles" and not self.sorts())
                    or scan["table"] in self.window_edges()
                )
            )
            if (scan and not walk_allowed) or "AUTOMATIC" in line or "ANY(" in line:
                found.append(line)
        return found


def reads_of(library: Library, url: str, token: str = "") -> list[Read]:
    """Each SELECT answering `GET url` sent, with its plan."""
    return [Read(sql, plan) for sql, plan in library.reads(url, token)]


def problems(
    reads: list[Read], *, in_order: bool, newest_first_walk: bool = False
) -> Iterator[str]:
    """What is wrong with these reads: whole reads, and sorts where `in_order` (the list's own
    order must come from an index)."""
    for read in reads:
        if read.counts_everything():
            continue
        wrong = read.whole_reads(newest_first_walk=newest_first_walk)
        if in_order and read.sorts():
            wrong += [line for line in read.plan if SORT in line]
        if wrong:
            yield f"{read.short}\n              plan: {' | '.join(read.plan)}"
