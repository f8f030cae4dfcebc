"""The model screen's parts, one widget per tab (header, card, raw YAML, runbook, owners,
findings, history): tui/screens/model.py lays them out and feeds them a card."""
