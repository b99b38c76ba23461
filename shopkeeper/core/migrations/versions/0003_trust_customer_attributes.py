"""customers: area, age band and gender for the fairness audit

Revision ID: 0003_trust
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_trust"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("customers", sa.Column("area", sa.String(length=20), nullable=True))
    op.add_column("customers", sa.Column("age_band", sa.String(length=10), nullable=True))
    op.add_column("customers", sa.Column("gender", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("gender")
        batch.drop_column("age_band")
        batch.drop_column("area")
