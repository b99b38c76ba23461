"""Join the four schema changes made side by side: supplier offers, customer attributes,
feedback and campaigns, alerts sent (each changes its own tables).

Revision ID: 0004
Revises: 0003_sup, 0003_trust, 0003_crm, 0003_brief
"""

from __future__ import annotations

revision = "0004"
down_revision = ("0003_sup", "0003_trust", "0003_crm", "0003_brief")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the four revisions above touch different tables."""


def downgrade() -> None:
    """Nothing to change."""
