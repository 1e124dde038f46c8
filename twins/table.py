"""Markdown tables for the terminal and the README."""


def markdown_table(header, rows, numeric=()):
    """Render rows under header; columns whose index is in `numeric` are right-aligned."""
    table = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]

    def line(row):
        return "| " + " | ".join(c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))) + " |"

    rule = "|" + "|".join("-" * (w + 1) + (":" if i in numeric else "-") for i, w in enumerate(widths)) + "|"
    return "\n".join([line(table[0]), rule] + [line(row) for row in table[1:]])
