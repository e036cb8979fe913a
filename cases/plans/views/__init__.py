"""The plan pages."""
