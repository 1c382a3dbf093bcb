"""Run a deploy script as a user without root, from a copy that user can read.

Tests re-run the installers as `nobody` to prove they change nothing (or need no root).
The checkout may sit anywhere, including inside a directory only root may enter (a CI
clone in `mktemp -d`, mode 0700): `nobody` could not even open the script there. So the
parts of the checkout a script reads are copied into a fresh directory that everyone can
traverse and read, and the script runs from that copy.

    with unprivileged_checkout("deploy", "firmware_config") as sandbox:
        result = sandbox.run(["bash", str(sandbox.root / "deploy" / "install-kiosk.sh"), ...])

`sandbox.root` is the copy, `sandbox.tmp` a directory the user may write to (also its
TMPDIR), `sandbox.prefix` the command prefix that drops root ([] when not root). Running
as root without setpriv fails the test with the reason: it never skips silently.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534
# Candidates for the copy, in order: the first one everyone can reach is used.
TEMP_PARENTS = (tempfile.gettempdir(), "/tmp", "/var/tmp")


class UnprivilegedError(RuntimeError):
    """The unprivileged run cannot be set up on this machine."""


@dataclass(frozen=True)
class Sandbox:
    """A world-readable copy of parts of the checkout, and how to run in it unprivileged."""

    root: Path
    tmp: Path
    prefix: tuple[str, ...]

    def run(
        self,
        command: Sequence[str],
        *,
        env: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[str]:
        """Run `command` as the unprivileged user in the copy, capturing text output."""
        environment = {**(os.environ if env is None else env), "TMPDIR": str(self.tmp)}
        return subprocess.run(
            [*self.prefix, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=environment,
            cwd=self.root,
            check=False,
        )


def drop_root_prefix() -> tuple[str, ...]:
    """The command prefix that runs as nobody when this process is root, else ()."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise UnprivilegedError(
            "running as root without setpriv (util-linux): cannot drop privileges "
            "to show the script needs none"
        )
    return (setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")


def _reachable_by_everyone(directory: Path) -> bool:
    """Every directory from / down to `directory` lets others in (o+x)."""
    path = directory.resolve()
    return all(part.stat().st_mode & stat.S_IXOTH for part in (path, *path.parents))


def _open_up(path: Path) -> None:
    """Let everyone read the copy; executables stay executable, nothing is writable."""
    for directory, _dirs, files in os.walk(path):
        Path(directory).chmod(0o755)
        for name in files:
            file = Path(directory) / name
            file.chmod(0o755 if file.stat().st_mode & stat.S_IXUSR else 0o644)


@contextmanager
def unprivileged_checkout(*parts: str, source: Path = ROOT) -> Iterator[Sandbox]:
    """Copy `parts` (paths relative to the checkout) into a world-readable directory."""
    prefix = drop_root_prefix()
    parent = next((Path(p) for p in TEMP_PARENTS if _reachable_by_everyone(Path(p))), None)
    if parent is None:
        raise UnprivilegedError(f"none of {', '.join(TEMP_PARENTS)} can be entered by everyone")
    base = Path(tempfile.mkdtemp(prefix="storywall-unprivileged-", dir=parent))
    try:
        root = base / "checkout"
        root.mkdir()
        for part in parts:
            origin = source / part
            if origin.is_dir():
                shutil.copytree(origin, root / part, symlinks=True)
            else:
                (root / part).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, root / part)
        _open_up(root)
        tmp = base / "tmp"
        tmp.mkdir()
        # Sticky and world-writable, like /tmp: the unprivileged user's scratch space.
        tmp.chmod(0o1777)
        base.chmod(0o755)
        yield Sandbox(root=root, tmp=tmp, prefix=prefix)
    finally:
        shutil.rmtree(base, ignore_errors=True)
