"""Which brain answers: the LLM agent when a model is configured, else the offline router.

Every channel (terminal, Telegram) gets its assistant here and uses only `Assistant`
(shopkeeper/assistant/answer.py).
"""

from __future__ import annotations

import logging

from shopkeeper.assistant.answer import Assistant
from shopkeeper.assistant.offline import OfflineAssistant
from shopkeeper.core.deps import Deps
from shopkeeper.core.settings import Settings

log = logging.getLogger(__name__)


def model_configured(settings: Settings) -> bool:
    """A model is configured by OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any compatible
    server, e.g. Ollama, which needs no key)."""
    return bool(settings.openai_api_key or settings.openai_base_url)


def make_assistant(deps: Deps) -> Assistant:
    """The assistant for this deployment: the agent (with the offline assistant as its
    fallback) when a model is configured, else the offline assistant."""
    offline = OfflineAssistant(deps)
    if not model_configured(deps.settings):
        return offline
    try:
        from shopkeeper.assistant.agent import LLMAssistant

        return LLMAssistant(deps, fallback=offline, warm=True)
    except Exception:  # a broken model setup must not cost the shop its assistant
        log.exception("could not start the LLM assistant; the offline assistant answers")
        return offline
