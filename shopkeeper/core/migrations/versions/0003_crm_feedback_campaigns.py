"""feedback, campaigns, campaign targets, sales discount codes

Revision ID: 0003_crm
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_crm'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('customer_id', sa.String(length=20), nullable=True),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('rating', sa.Float(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sentiment', sa.String(length=10), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('skus', sa.JSON(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_index(op.f('ix_feedback_received_at'), 'feedback', ['received_at'], unique=False)
    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('cost', sa.Float(), nullable=False),
    sa.Column('offer', sa.String(length=200), nullable=True),
    sa.Column('discount_code', sa.String(length=40), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('campaign_targets',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.String(length=20), nullable=False),
    sa.Column('holdout', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], ),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.PrimaryKeyConstraint('campaign_id', 'customer_id')
    )
    with op.batch_alter_table('sales') as batch:
        batch.add_column(sa.Column('discount_code', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sales') as batch:
        batch.drop_column('discount_code')
    op.drop_table('campaign_targets')
    op.drop_table('campaigns')
    op.drop_index(op.f('ix_feedback_received_at'), table_name='feedback')
    op.drop_table('feedback')
