"""Tables the tests fill and run.py prints after the summary of results."""
import collections

TABLES = collections.OrderedDict()


def add(table, columns, row):
    """Appends row (a tuple matching columns) to the named table."""
    TABLES.setdefault(table, (columns, []))[1].append(row)


def render():
    lines = []
    for title, (columns, rows) in TABLES.items():
        cells = [[c if isinstance(c, str) else f"{c:.2e}" for c in row] for row in rows]
        widths = [max(len(str(x)) for x in col) for col in zip(columns, *cells)]
        lines += ["", title, "  ".join(c.ljust(w) for c, w in zip(columns, widths)), "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)
