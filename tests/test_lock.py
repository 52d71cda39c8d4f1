"""The locks say what a fresh clone installs (the Makefile installs from them, not from requirements*.txt):
a pin added to requirements*.txt without `make lock` would never be installed, so CI fails until the lock follows."""

from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins(path):
    """{name: version} of a requirements file's exact pins (`-r` lines, hashes and comments aside)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().rstrip("\\").strip()
        if not line or line.startswith("-"):
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{path.name}: {line} is not an exact pin"
        found[canonicalize_name(requirement.name)] = specifier.version
    return found


@pytest.mark.parametrize(
    ("inputs", "lock"),
    [
        (["requirements.txt"], "requirements.lock"),
        (["requirements.txt", "requirements-test.txt"], "requirements-test.lock"),
    ],
)
def test_every_pin_is_locked_at_its_version(inputs, lock):
    locked = pins(ROOT / lock)
    wanted = {(name, package, version) for name in inputs for package, version in pins(ROOT / name).items()}
    assert "django" in {package for _, package, _ in wanted}  # the files were read
    unlocked = [f"{name} pins {package}=={version}" for name, package, version in sorted(wanted)
                if locked.get(package) != version]
    assert unlocked == [], "run `make lock`"


def test_the_test_lock_installs_the_runtime_lock_unchanged():
    runtime, test = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-test.lock")
    assert {package: test.get(package) for package in runtime} == runtime


def test_every_locked_package_carries_its_hashes():
    """pip installs a lock with hashes in hash-checking mode: one package without them refuses the whole install."""
    pinned, unhashed = 0, []
    for lock in ("requirements.lock", "requirements-test.lock"):
        lines = (ROOT / lock).read_text(encoding="utf-8").splitlines()
        for line, following in zip(lines, lines[1:], strict=False):
            if "==" in line and not line.startswith("#"):
                pinned += 1
                if not following.strip().startswith("--hash=sha256:"):
                    unhashed.append(f"{lock}: {line}")
    assert pinned > 0 and unhashed == []
