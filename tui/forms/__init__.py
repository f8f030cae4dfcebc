"""Editing from the console: forms that plan an edit with the core, preview it, write and commit it.

Every form is a modal screen over the model (or owners) view. It plans the edit with
:func:`registry.edit.plan` as the user types (in a worker), so the schema's verdict and
the findings the change would fix or add are on screen before anything is written;
saving shows the diff first. Files saved in a session are committed together, on a
review branch, when the user asks (:mod:`tui.forms.review`).
"""
