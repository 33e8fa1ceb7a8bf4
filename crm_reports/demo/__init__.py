"""Builders of the demo data (imported only by the demo data and the tests)."""
