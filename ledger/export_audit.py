"""The ledger exports' audit: they write the generic "export" action (audit.models.AuditEvent.Action),
with the product in the details, so there is nothing of their own to register. Imported by
ledger/audit_actions.py like the other parts' audit modules."""
