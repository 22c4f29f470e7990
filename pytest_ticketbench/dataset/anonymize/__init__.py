"""Anonymize helpdesk dialogues: typed, numbered, consistent placeholders and a mapping kept apart."""
