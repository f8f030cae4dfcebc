"""Screens of the console: overview, model detail, audit, owners and help."""
