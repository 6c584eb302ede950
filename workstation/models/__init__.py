"""Qt item models over the typed results of the services (CONTRIBUTING.md §5)."""
