"""Dataset tools: turn a helpdesk export into a frozen, anonymized, balanced suite."""
