"""The index: every registry's audit in one database, for a view across teams.

SQLite (a file in the user's data folder) by default, PostgreSQL for an organisation.
``registry audit`` never imports this package: SQLAlchemy's import alone would cost
the pre-commit hook more than its audit.
"""
