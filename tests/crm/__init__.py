"""Tests of the customer-relationship side: feedback, sentiment, campaigns, targeting."""
