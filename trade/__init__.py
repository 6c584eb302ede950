"""trade: filled in by later work."""
