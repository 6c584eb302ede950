"""Widgets and dialogs: they show and ask; services do the work (STYLE §5)."""
