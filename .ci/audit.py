"""`make audit`: known vulnerabilities in the resolved dependencies (what .venv has installed).

1. pip-audit over exactly the installed versions (`pip freeze`, this project itself left out),
   skipping the advisories listed with a reason in .ci/audit-exceptions.txt.
2. pip-audit asks PyPI about each exact version (/pypi/NAME/VERSION/json). Where that page
   can't be had (some proxies and mirrors serve only the project page), the project page is read
   instead (/pypi/NAME/json): its advisories are for the latest release, so they apply when
   that is the version installed.
3. A dependency neither way could check fails the audit (an audit that checked nothing must
   not look like a clean one), unless the exceptions file lists it as
   `unchecked NAME==VERSION` with a reason.

Exit status 0 when every dependency was checked and no advisory applies; 1 otherwise.
Needs the network (PyPI). Run: .venv/bin/python .ci/audit.py
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXCEPTIONS = HERE / "audit-exceptions.txt"
PYPI = "https://pypi.org/pypi"
BIN = Path(sys.executable).parent


def exceptions() -> tuple[set[str], set[str]]:
    """Advisory IDs, and NAME==VERSION let pass unchecked, from the exceptions file."""
    ids, unchecked = set(), set()
    for line in EXCEPTIONS.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) == 2 and words[0] == "unchecked":
            name, _, version = words[1].partition("==")
            unchecked.add(f"{canonical(name)}=={version}")
        elif words:
            ids.add(words[0])
    return ids, unchecked


def installed() -> str:
    """The resolved dependencies, pinned: `pip freeze` without this project."""
    return subprocess.run(
        [str(BIN / "python"), "-m", "pip", "freeze", "--exclude-editable"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(frozen: str) -> dict[str, str]:
    """name -> version from `pip freeze` lines (name==version)."""
    found = {}
    for line in frozen.splitlines():
        name, sep, version = line.partition("==")
        if sep:
            found[canonical(name.strip())] = version.strip()
    return found


def pip_audit(requirements: Path, ignored: set[str]) -> list[dict[str, object]]:
    command = [
        str(BIN / "pip-audit"),
        "--requirement",
        str(requirements),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    for advisory in sorted(ignored):
        command += ["--ignore-vuln", advisory]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if not done.stdout.strip():
        sys.stderr.write(done.stderr)
        raise SystemExit("pip-audit gave no report (is PyPI reachable?)")
    report = json.loads(done.stdout)
    dependencies: list[dict[str, object]] = report["dependencies"]
    return dependencies


def project_page_advisories(name: str, version: str) -> list[str] | None:
    """Advisory IDs for name==version from PyPI's project page, or None if it can't say."""
    url = f"{PYPI}/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            page = json.load(answer)
    except (urllib.error.URLError, TimeoutError, ValueError):
        return None
    if page.get("info", {}).get("version") != version:
        return None  # the advisories there are for another release
    return [str(advisory["id"]) for advisory in page.get("vulnerabilities") or []]


def main() -> int:
    ignored, allowed_unchecked = exceptions()
    with tempfile.TemporaryDirectory() as work:
        requirements = Path(work) / "requirements.txt"
        frozen = installed()
        requirements.write_text(frozen, encoding="utf-8")
        dependencies = pip_audit(requirements, ignored)
    versions = pins(frozen)
    found: list[str] = []
    unchecked: list[str] = []
    allowed: list[str] = []
    by_project_page = 0
    for dependency in dependencies:
        name = str(dependency["name"])
        version = str(dependency.get("version") or versions.get(canonical(name), "?"))
        if "skip_reason" not in dependency:
            vulns = dependency.get("vulns") or []
            if isinstance(vulns, list):
                found += [f"{name} {version}: {vuln['id']}" for vuln in vulns]
            continue
        advisories = project_page_advisories(name, version)
        if advisories is None:
            if f"{canonical(name)}=={version}" in allowed_unchecked:
                allowed.append(f"{name} {version}")
            else:
                unchecked.append(f"{name} {version}")
            continue
        by_project_page += 1
        found += [f"{name} {version}: {a}" for a in advisories if a not in ignored]
    checked = len(dependencies) - len(unchecked) - len(allowed)
    print(
        f"Audited {checked} of {len(dependencies)} dependencies "
        f"({by_project_page} from PyPI's project page); "
        f"{len(ignored)} advisories excepted in {EXCEPTIONS.name}."
    )
    for line in allowed:
        print(f"  not checked {line} (let pass in {EXCEPTIONS.name})")
    for line in found:
        print(f"  VULNERABLE  {line}")
    for line in unchecked:
        print(f"  UNCHECKED   {line} (PyPI has no advisory data for this version)")
    if found or unchecked:
        print("Audit failed: upgrade, or add a documented exception to .ci/audit-exceptions.txt.")
        return 1
    print("No known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
