"""caseplans models."""
