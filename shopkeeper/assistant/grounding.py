"""The grounding check: every number in an answer must come from a tool result of that turn.

A language model can phrase an answer well and still invent a figure. This module finds the
numbers a draft answer states and looks each one up among the numbers the turn's tools
returned (and the question, the tool arguments and today's date), allowing what a careful
writer does with a number: rounding it ("about 1,200" for 1,234.5), dropping its sign ("down
5.2 %" for -5.2), and simple conversions (a share as a percentage, days as weeks, grams as
kilograms). Whatever is left is flagged. It is a heuristic, but a strict one: a number the
tools never produced is very unlikely to pass by accident in a short answer.

Pure functions, no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Written forms a model uses for the same quantity: a share as a percentage and back, days as
# weeks and back, grams/millilitres as kilograms/litres and back.
FACTORS = (1.0, 100.0, 0.01, 7.0, 1 / 7, 1000.0, 0.001)
ALWAYS = (0.0, 1.0)  # "one supplier", "0 on order": too common to demand a source for
ROUNDED_REL = 0.05  # "about 1,200" may stand for 1,234.5 (a number ending in zeros)

SOURCE_NUMBER = re.compile(r"\d+(?:\.\d+)?")
DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}:\d{2}\b")
# A number, possibly with thousands separators and a decimal part, not glued to a word on its
# left (so "C-3f9a1c2b", "OAT-1L" and "SK-0003" are identifiers, not quantities).
ANSWER_NUMBER = re.compile(
    r"(?<![\w.,])(?<![A-Za-z]-)(\d{1,3}(?:[,.\u00a0\u202f'’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
)


@dataclass(frozen=True)
class Grounding:
    """The result of a check: the numbers (as written) that no source supports."""

    unsupported: list[str]

    @property
    def ok(self) -> bool:
        return not self.unsupported


def source_numbers(texts: Iterable[str]) -> list[float]:
    """Every number in the sources (tool results as JSON, arguments, the question)."""
    found: set[float] = set()
    for text in texts:
        found.update(float(m) for m in SOURCE_NUMBER.findall(text))
    return sorted(found)


def list_lengths(value: Any) -> set[float]:
    """Lengths of the lists in a tool result: "3 suppliers" counts `orders`."""
    out: set[float] = set()
    if isinstance(value, dict):
        for v in value.values():
            out |= list_lengths(v)
    elif isinstance(value, list):
        out.add(float(len(value)))
        for v in value:
            out |= list_lengths(v)
    return out


def readings(written: str) -> list[tuple[float, int]]:
    """The values a written number can mean, each with its number of decimals.

    "1,234" is one thousand two hundred and thirty-four in English and 1.234 in German, so
    both readings are returned; "1.234,5" and "1,234.5" have one reading each.
    """
    s = written.replace("\u00a0", "").replace("\u202f", "").replace("'", "").replace("’", "")
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        whole, _, frac = s.rpartition(dec)
        whole = whole.replace("," if dec == "." else ".", "")
        return [(float(f"{whole}.{frac}"), len(frac))]
    for sep in (",", "."):
        if sep in s:
            parts = s.split(sep)
            out = []
            if len(parts) == 2:
                out.append((float(f"{parts[0]}.{parts[1]}"), len(parts[1])))
            if all(len(p) == 3 for p in parts[1:]):
                out.append((float("".join(parts)), 0))
            return out
    return [(float(s), 0)]


def answer_numbers(text: str) -> list[tuple[str, list[tuple[float, int]]]]:
    """The numbers an answer states, as written and with their readings.

    Dates and times count as their parts (27.11.2026 -> 27, 11, 2026).
    """
    found: list[tuple[str, list[tuple[float, int]]]] = []
    for m in DATE.finditer(text):
        found += [(p, [(float(p), 0)]) for p in re.findall(r"\d+", m.group())]
    rest = DATE.sub(" ", text)
    for m in ANSWER_NUMBER.finditer(rest):
        found.append((m.group(1), readings(m.group(1))))
    return found


class _Index:
    """Sorted source values under each conversion factor, for fast tolerance lookups."""

    def __init__(self, values: Iterable[float]) -> None:
        base = sorted({abs(v) for v in values} | set(ALWAYS))
        self.scaled = [sorted(v * f for v in base) for f in FACTORS]

    def near(self, lo: float, hi: float) -> bool:
        for arr in self.scaled:
            i = bisect.bisect_left(arr, lo - 1e-9)
            if i < len(arr) and arr[i] <= hi + 1e-9:
                return True
        return False


def supported(value: float, decimals: int, index: _Index) -> bool:
    """Whether `value`, written with `decimals` decimals, is a rounding of a source value."""
    value = abs(value)
    half = 0.5 * 10.0 ** (-decimals)
    if index.near(value - half, value + half):
        return True
    # A whole number ending in zeros may be a coarser rounding ("about 1,200").
    if decimals == 0 and value >= 10 and value % 10 == 0:
        return index.near(value / (1 + ROUNDED_REL), value / (1 - ROUNDED_REL))
    return False


def check(answer: str, sources: Iterable[str], extra: Iterable[float] = ()) -> Grounding:
    """Flag the numbers in `answer` that appear in none of `sources` (nor in `extra`).

    Args:
        answer: the draft answer.
        sources: texts the numbers may come from: tool results (as the model saw them),
            tool-call arguments, the question, today's date.
        extra: further allowed values (e.g. list lengths of the results).
    """
    index = _Index([*source_numbers(sources), *extra])
    bad: list[str] = []
    for written, options in answer_numbers(answer):
        if not any(supported(v, d, index) for v, d in options) and written not in bad:
            bad.append(written)
    return Grounding(bad)
