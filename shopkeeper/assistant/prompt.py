"""The system prompt: `prompts/system.md`, read at run time and filled with the shop's facts.

Placeholders use `string.Template` syntax ($shop_name, $currency, $timezone, $today,
$today_long), so the Markdown file can hold braces freely. The file is read on every turn:
editing it changes the next answer without a restart, and "today" is always today.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from string import Template

from shopkeeper.core.settings import Settings

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
SYSTEM = PROMPTS_DIR / "system.md"


def system_prompt(settings: Settings, today: date, path: Path = SYSTEM) -> str:
    """The system prompt for a turn on `today`.

    Raises:
        FileNotFoundError: the prompt file is missing (the factory then keeps the offline
            assistant).
    """
    template = Template(path.read_text(encoding="utf-8"))
    return template.safe_substitute(
        shop_name=settings.shop_name,
        currency=settings.currency,
        timezone=settings.timezone,
        today=today.isoformat(),
        today_long=f"{today:%A} {today.day} {today:%B %Y}",
    ).strip()
