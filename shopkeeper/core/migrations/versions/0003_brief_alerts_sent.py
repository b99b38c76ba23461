"""alerts sent and the answers to them (snooze, not useful)

Revision ID: 0003_brief
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_brief"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("money", sa.Float(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("feedback", sa.String(length=20), nullable=True),
        sa.Column("feedback_by", sa.String(length=200), nullable=True),
        sa.Column("feedback_at", sa.DateTime(), nullable=True),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("alerts_sent", schema=None) as batch_op:
        batch_op.create_index("ix_alerts_sent_kind_subject", ["kind", "subject"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_sent_sent_at"), ["sent_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alerts_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alerts_sent_sent_at"))
        batch_op.drop_index("ix_alerts_sent_kind_subject")
    op.drop_table("alerts_sent")
