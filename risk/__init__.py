"""Risk assessment for children: visit checklist, rules as data, tiers. Pure Python, no Django."""
