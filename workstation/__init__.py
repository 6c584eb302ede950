"""workstation: filled in by later work."""
