"""Application services above the assistant: the composition root (deps), multi-step
workflows (after an import, deciding) and the stock-out scan, shared by the CLI and the bot."""
