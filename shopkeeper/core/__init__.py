"""Core: settings, the store, importing, the calendar, stored forecasts, proposals and
members. Below `tools/`; imports only `analytics/` and libraries."""
