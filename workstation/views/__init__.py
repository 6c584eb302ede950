"""Widgets and dialogs: they show and ask; services do the work (CONTRIBUTING.md §5)."""
