"""Prime ansible-test's pip bootstrap cache from the package index.

ansible-test bootstraps pip into each virtual environment it creates with a ``get-pip``
script that it downloads from a host outside the package index. When that host is not
reachable (air-gapped CI, a proxy that only allows the package index), ansible-test
first looks for ``~/.ansible/test/cache/get_pip_<version>.py``. This writes that file:
a small script that runs pip from the pip wheel, which is fetched from the package index.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

BOOTSTRAP_TEMPLATE = '''"""pip bootstrap for ansible-test, written by plivo.messaging's prime_ansible_test_cache.py."""
import os
import runpy
import sys

GET_PIP_ONLY_OPTIONS = ('--no-setuptools', '--no-wheel')

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), {wheel!r}))
# --quiet: pip's output shows only when something goes wrong (ansible-test passes pip no PIP_* variable).
sys.argv = ['pip', 'install', '--quiet'] + [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
runpy.run_module('pip', run_name='__main__', alter_sys=True)
'''


def wanted_pip_version() -> str:
    import ansible_test  # pylint: disable=import-outside-toplevel

    source = pathlib.Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py"
    match = re.search(r"pip='([0-9.]+)'", source.read_text(encoding="utf-8"))
    if not match:
        raise SystemExit(f"cannot find the pip version ansible-test wants in {source}")
    return match.group(1)


def main() -> int:
    version = wanted_pip_version()
    cache = pathlib.Path(os.path.expanduser("~/.ansible/test/cache"))
    script = cache / ("get_pip_{}.py".format(version.replace(".", "_")))
    wheel = f"pip-{version}-py3-none-any.whl"
    text = BOOTSTRAP_TEMPLATE.format(wheel=wheel)
    if script.exists() and (cache / wheel).exists() and script.read_text(encoding="utf-8") == text:
        print(f"ansible-test pip {version} bootstrap already cached: {script}")
        return 0
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / wheel).exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest", str(cache), f"pip=={version}"],
            check=True,
        )
    if not (cache / wheel).exists():
        raise SystemExit(f"pip download did not produce {cache / wheel}")
    # Several checkouts may prime the same cache at once: write a file of our own, then rename it into place.
    temporary = script.with_name(f"{script.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, script)
    print(f"ansible-test pip {version} bootstrap cached: {script}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
