"""The unprivileged sandbox reaches a script whose checkout only root may enter."""

from __future__ import annotations

import os
from pathlib import Path

from tests.deploy.unprivileged import unprivileged_checkout


def test_a_script_in_a_closed_checkout_runs_unprivileged_from_the_copy(tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    (closed / "deploy").mkdir(parents=True)
    script = closed / "deploy" / "hello.sh"
    script.write_text('#!/usr/bin/env bash\necho "$(id -u) $PWD"; touch "$TMPDIR/made"\n')
    script.chmod(0o755)
    closed.chmod(0o700)
    with unprivileged_checkout("deploy", source=closed) as sandbox:
        result = sandbox.run(["bash", str(sandbox.root / "deploy" / "hello.sh")])
        assert result.returncode == 0, result.stderr
        uid, cwd = result.stdout.split()
        assert int(uid) == (65534 if os.geteuid() == 0 else os.geteuid())
        assert cwd == str(sandbox.root)
        assert (sandbox.tmp / "made").exists()
        base = sandbox.root.parent
    assert not base.exists()
