"""What the offline assistant says when asked for help, and when it did not understand."""

from __future__ import annotations

HELP = """I can answer questions about your shop's sales, stock, orders, customers and prices.
For example:
- "What should I reorder this week?" (order suggestions per supplier, for you to approve)
- "What's running low?" / "How much oat milk do we have?"
- "How will croissants sell over Christmas?" / "Forecast for dairy next 2 weeks"
- "How were sales last month?" / "Best sellers this week" / "Coffee sales in October"
- "What's waiting for approval?"
- "Who are my best customers?" / "Which customers are at risk of leaving?"
- "What goes with croissants?" / "What should I recommend to C-3f9a1c2b?"
- "Should I raise the price of oat milk?" / "Is espresso too cheap?"
- "Is my data OK?" / "Are my recommendations fair?" / "How good were your forecasts?"
Ask in your own words; name a product, category or supplier and a period if you like."""

UNKNOWN = (
    "Sorry, I didn't understand that. I can tell you about sales, stock, forecasts and what to "
    'reorder. Try: "What should I reorder this week?", "What\'s running low?", '
    '"How will oat milk sell over Christmas?" or "How were sales last month?"'
)
