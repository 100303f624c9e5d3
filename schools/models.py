"""schools models."""
