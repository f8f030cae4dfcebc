"""What a console session has saved and not yet committed (no Textual here).

The console saves one change at a time (an owner, then a validation, then a bias
test) and commits them together: the commit holds every file saved since the last
commit, as it is on disk, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from registry.edit import Change


@dataclass(slots=True)
class EditSession:
    """Files saved from the console since the last commit, and what each change was."""

    paths: list[str] = field(default_factory=list)  # relative to the registry root, in saving order
    subjects: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # the default branch of each change

    def saved(self, change: Change, paths: list[str] | None = None) -> None:
        for path in paths if paths is not None else change.paths:
            if path not in self.paths:
                self.paths.append(path)
        self.subjects.append(change.subject)
        self.topics.append(change.branch())

    def saved_file(self, path: str, subject: str, branch: str) -> None:
        """A file changed outside the forms (in $EDITOR)."""
        if path not in self.paths:
            self.paths.append(path)
        self.subjects.append(subject)
        self.topics.append(branch)

    @property
    def pending(self) -> bool:
        return bool(self.paths)

    def branch(self) -> str:
        """The review branch to propose: the change's own when there is one, else a shared one."""
        if len(set(self.topics)) == 1:
            return self.topics[0]
        models = {t.split("/")[1] for t in self.topics if t.count("/") >= 2}
        return f"registry/{models.pop()}/edits" if len(models) == 1 else "registry/console-edits"

    def message(self) -> str:
        if len(self.subjects) == 1:
            return self.subjects[0]
        lines = [s.removeprefix("registry: ") for s in self.subjects]
        return (
            "registry: " + "; ".join(lines)
            if len(lines) <= 3
            else f"registry: {len(lines)} edits\n\n- " + "\n- ".join(lines)
        )

    def clear(self) -> None:
        self.paths.clear()
        self.subjects.clear()
        self.topics.clear()
