"""The Telegram channel (python-telegram-bot 22); the only package that imports `telegram`."""
