"""Qt item models over the typed results of the services (STYLE §5)."""
