"""Widgets of the console: the models table, the health bar, safe Markdown."""
