"""Typed results of the customer-relationship tools: campaigns and feedback."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from tools.results import ToolResult


class Estimate(BaseModel):
    """A number with its 95 % interval."""

    model_config = ConfigDict(frozen=True)

    value: float
    low: float
    high: float


class SegmentEffect(BaseModel):
    model_config = ConfigDict(frozen=True)

    segment: str
    orders_per_customer: Estimate
    margin_per_customer: Estimate


class CampaignResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    channel: str
    start: date
    end: date
    cost: float
    offer: str | None
    method: str  # holdout | comparable | pre_period | redemptions
    method_text: str
    contacted: int
    control: int
    redemptions: int
    incremental_orders: Estimate | None
    incremental_revenue: Estimate | None
    incremental_margin: Estimate | None
    cost_per_incremental_order: float | None
    return_on_cost: Estimate | None  # incremental margin / cost
    verdict: str
    by_segment: list[SegmentEffect] = []


class ChannelResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    channel: str
    campaigns: int
    cost: float
    incremental_orders: float
    incremental_margin: float
    return_on_cost: float | None


class CampaignPlan(BaseModel):
    """The suggested next campaign (stored as a `campaign` proposal)."""

    model_config = ConfigDict(frozen=True)

    segment: str
    contacted: int
    holdout: int
    channel: str
    offer: str
    discount_code: str
    expected_margin_per_customer: float
    expected_margin_total: float
    method: str
    message: str
    others: dict[str, float]  # other segments' expected margin per customer
    proposal_id: int | None


class CampaignReport(ToolResult):
    campaigns: list[CampaignResult]
    by_channel: list[ChannelResult]
    best_channel: str | None
    next_campaign: CampaignPlan | None
    proposals_created: list[int] = Field(default_factory=list)


class ThemeSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    messages: int
    negative_share: float
    quotes: list[str]


class ProductComplaints(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    negative: int
    mentions: int


class FeedbackSummary(ToolResult):
    period_start: date
    period_end: date
    product: str | None
    messages: int
    negative_share: float | None
    positive_share: float | None
    previous_negative_share: float | None
    previous_positive_share: float | None
    trend: str
    themes: list[ThemeSummary]
    complaints: list[ProductComplaints]
    method: str
    alerts: list[str] = Field(default_factory=list)  # best customers' recent complaints
