"""supplier offers: other suppliers a product can be bought from

Revision ID: 0003_sup
Revises: 0002
Create Date: 2026-12-04 19:45:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_sup"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supplier_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("unit_cost", sa.Float(), nullable=False),
        sa.Column("pack_size", sa.Integer(), nullable=False),
        sa.Column("moq", sa.Integer(), nullable=False),
        sa.Column("lead_time_days", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["sku"], ["products.sku"]),
        sa.ForeignKeyConstraint(["supplier_id"], ["suppliers.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("supplier_id", "sku"),
    )
    with op.batch_alter_table("supplier_offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supplier_offers_sku"), ["sku"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supplier_offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supplier_offers_sku"))
    op.drop_table("supplier_offers")
