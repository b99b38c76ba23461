"""Plain-text help on the columns of each kind of file (for reports and `import --help`)."""

from __future__ import annotations

from shopkeeper.core.importing.columns import COLUMNS


def required_text() -> str:
    """One line per kind: the columns it needs."""
    return "\n".join(
        f"  {kind}: " + ", ".join(c.label for c in cols if c.required)
        for kind, cols in COLUMNS.items()
    )


def describe_columns(kind: str | None = None) -> str:
    """Plain-text help: each kind's columns, which are needed, and other accepted names."""
    lines: list[str] = []
    for name, cols in COLUMNS.items():
        if kind is not None and name != kind:
            continue
        lines.append(f"{name}:")
        for c in cols:
            others = [n for n in (*c.names, *c.weak) if n and n != c.label][:8]
            need = "needed" if c.required else "optional"
            also = f" (also: {', '.join(others)})" if others else ""
            lines.append(f"  {c.label} — {need}{also}")
    return "\n".join(lines)
