"""One module per ``registry`` command, each a typed function returning an exit code.

``registry.cli`` builds the parser and calls these; they call the library. The helpers
every command shares (the date, the registry's root, colour) live in :mod:`.support`.
"""
