"""hapair.panos offline stand-in for get-pip.py (ansible-test's pip bootstrap).

ansible-test creates its sanity-test virtual environments without pip and then
runs ``get-pip-<version>.py``, which it downloads from ci-files.testing.ansible.com
into ``~/.ansible/test/cache/get_pip_<version>.py`` unless that file already
exists. Where that host cannot be reached (offline CI, closed networks) but a
package index can, ``make sanity`` copies this file to that cache path instead.

It does what get-pip.py does with the arguments ansible-test passes, e.g.::

    --disable-pip-version-check pip==24.2 --no-setuptools --no-wheel

that is ``pip install --upgrade --force-reinstall <args>``, adding setuptools and
wheel unless told not to. The difference: get-pip.py carries its own copy of pip,
this script uses the pip wheel bundled with CPython's ``ensurepip``, which then
installs the requested pip version from the configured package index.

``python tools/get_pip_shim.py --install-into-cache`` (run by ``make sanity``
with the interpreter that has ansible-test) puts this file at that cache path
when the download host is unreachable, and takes it away again once the host
answers, so that ansible-test then uses the real script. A real get-pip.py
already in the cache is left alone.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import types
import urllib.request
from glob import glob

MARKER = "hapair.panos get-pip stand-in"  # tells this file from a real get-pip.py
DOWNLOAD_URL = "https://ci-files.testing.ansible.com/ansible-test/get-pip-{version}.py"  # as in ansible-test
CACHE_PATH = "~/.ansible/test/cache/get_pip_{version_}.py"  # as in ansible-test
PROBE_TIMEOUT = 5  # seconds


def reachable(url):
    """Return True if url answers a HEAD request."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=PROBE_TIMEOUT):
            return True
    except OSError:  # URLError, HTTPError, timeouts
        return False


def install_into_cache():
    """Make ansible-test find a pip bootstrap script, offline or not."""
    from ansible_test._internal.python_requirements import get_venv_packages

    version = get_venv_packages(types.SimpleNamespace(version="{}.{}".format(*sys.version_info[:2])))["pip"]
    url = DOWNLOAD_URL.format(version=version)
    cache = os.path.expanduser(CACHE_PATH.format(version_=version.replace(".", "_")))
    cached = None
    if os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            cached = f.read()
    ours = cached is not None and MARKER in cached
    if cached is not None and not ours:
        print(f"ansible-test pip {version} bootstrap: using the downloaded {cache}")
    elif reachable(url):
        if ours:
            os.remove(cache)
        print(f"ansible-test pip {version} bootstrap: {url} is reachable, ansible-test downloads it")
    else:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        shutil.copyfile(__file__, cache)
        print(f"ansible-test pip {version} bootstrap: {url} is unreachable, installed {__file__} as {cache}")
    return 0


def bundled_pip_wheel():
    """Return the path of the pip wheel shipped with ensurepip, or None."""
    spec = importlib.util.find_spec("ensurepip")
    if spec is None or not spec.origin:
        return None
    wheels = sorted(glob(os.path.join(os.path.dirname(spec.origin), "_bundled", "pip-*.whl")))
    return wheels[-1] if wheels else None


def pip_command():
    """Return a command line that runs some pip with this interpreter."""
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    wheel = bundled_pip_wheel()
    if wheel:
        # A pip wheel is runnable as a zip application: python pip.whl/pip ...
        return [sys.executable, os.path.join(wheel, "pip")]
    # Debian-style Pythons keep their wheels elsewhere: let ensurepip install
    # its pip into this environment (it clears PIP_* variables in os.environ,
    # which is why main() copies the environment first).
    import ensurepip

    ensurepip.bootstrap(upgrade=True)
    return [sys.executable, "-m", "pip"]


def main(argv):
    env = dict(os.environ)
    args = [a for a in argv if a not in ("--no-setuptools", "--no-wheel")]
    requested = {a.split("=")[0].split("<")[0].split(">")[0].lower() for a in args if not a.startswith("-")}
    for name, flag in (("setuptools", "--no-setuptools"), ("wheel", "--no-wheel")):
        if flag not in argv and name not in requested and importlib.util.find_spec(name) is None:
            args.append(name)
    command = pip_command() + ["install", "--upgrade", "--force-reinstall"] + args
    return subprocess.call(command, env=env)


if __name__ == "__main__":
    if sys.argv[1:] == ["--install-into-cache"]:
        sys.exit(install_into_cache())
    sys.exit(main(sys.argv[1:]))
