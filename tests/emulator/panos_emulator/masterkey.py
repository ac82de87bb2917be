"""Master key of one firewall, and the values it encrypts.

Real devices encrypt secrets in config (and API keys) with the master key; a peer with another key cannot
read them, so HA sync fails. The emulator's "encryption" is a keyed tag plus XOR: enough to make values
unreadable under another key and deterministic (same key, same ciphertext), nothing more.
"""

import base64
import hashlib
from datetime import timedelta

DEFAULT_KEY = "p1a2l3o4a5l6t7o8"  # the factory default master key of PAN-OS
ENC_PREFIX = "-AQ=="  # real encrypted config values and API keys start with it
DEFAULT_LIFETIME_HOURS = 0  # 0 = never changed, no expiry (masterkey.md: expire-at 0 means "unspecified")


def fingerprint(key):
    return hashlib.sha256(("mk:" + key).encode()).hexdigest()[:16]


def _stream(key, n):
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(("ks:%s:%d" % (key, counter)).encode()).digest()
        counter += 1
    return out[:n]


def encrypt(plaintext, key):
    data = plaintext.encode()
    tag = hashlib.sha256(("tag:" + key).encode()).digest()[:6]
    body = bytes(a ^ b for a, b in zip(data, _stream(key, len(data)), strict=True))
    return ENC_PREFIX + base64.b64encode(tag + body).decode()


def decrypt(value, key):
    """Return the plaintext, or None when ``value`` was not encrypted with ``key``."""
    try:
        raw = base64.b64decode(value[len(ENC_PREFIX):])
    except ValueError:
        return None
    tag = hashlib.sha256(("tag:" + key).encode()).digest()[:6]
    if raw[:6] != tag:
        return None
    body = raw[6:]
    return bytes(a ^ b for a, b in zip(body, _stream(key, len(body)), strict=True)).decode(errors="replace")


def encrypted_leaves(root):
    """Elements of a config tree whose text is an encrypted value."""
    return [el for el in root.iter() if isinstance(el.tag, str) and (el.text or "").startswith(ENC_PREFIX)]


def reencrypt_text(text, old_key, new_key):
    """One value re-encrypted from ``old_key`` to ``new_key``; anything else (plain text, other keys) unchanged."""
    if not text.startswith(ENC_PREFIX):
        return text
    plain = decrypt(text, old_key)
    return text if plain is None else encrypt(plain, new_key)


def unreadable(root, key):
    """Encrypted values in ``root`` that ``key`` cannot decrypt (why a peer's HA-Sync fails)."""
    return [el for el in encrypted_leaves(root) if decrypt(el.text, key) is None]


class MasterKey:
    def __init__(self):
        self.key = DEFAULT_KEY
        self.lifetime_hours = DEFAULT_LIFETIME_HOURS
        self.reminder_hours = 0
        self.on_hsm = False
        self.auto_renew_hours = 0
        self.changed_at = None  # device-clock datetime of the last change

    @property
    def fingerprint(self):
        return fingerprint(self.key)

    def expire_at(self):
        if not self.changed_at or not self.lifetime_hours:
            return None
        return self.changed_at + timedelta(hours=self.lifetime_hours)

    def set_expiry(self, now, expires_in_hours, lifetime_hours=None, reminder_hours=None):
        """Test state (control API): the key now expires ``expires_in_hours`` from ``now`` (negative: it has expired),
        the key itself unchanged. The lifetime stays (a never-changed key gets one year, or ``lifetime_hours``) and
        the last change is dated back from the expiry; ``reminder_hours`` (lead before expiry), when given, replaces
        the reminder. A key still in its first lifetime cannot expire later than one lifetime from now."""
        lifetime = int(lifetime_hours if lifetime_hours is not None else (self.lifetime_hours or 8760))
        if not 1 <= lifetime <= 17520:
            raise ValueError("lifetime_hours must be 1 to 17520")
        if float(expires_in_hours) > lifetime:
            raise ValueError("expires_in_hours (%s) is longer than the lifetime (%d hours)" % (expires_in_hours, lifetime))
        if reminder_hours is not None and not 0 <= int(reminder_hours) < lifetime:
            raise ValueError("reminder_hours must be 0 to lifetime - 1")
        self.lifetime_hours = lifetime
        if reminder_hours is not None:
            self.reminder_hours = int(reminder_hours)
        self.changed_at = now + timedelta(hours=float(expires_in_hours)) - timedelta(hours=lifetime)
        return self.expire_at()

    def remind_at(self):
        exp = self.expire_at()
        if exp is None or not self.reminder_hours:
            return None
        return exp - timedelta(hours=self.reminder_hours)

    def properties(self, now):
        """Fields of ``show system masterkey-properties``, in the order and format of the REAL sample
        (demisto/content test_data/get_master_key.xml): ``*-to-expiry`` are each the whole time left in that unit
        (287 hours = 17265 minutes = 1035946 seconds), ``*-to-reminder`` the reminder's lead time before expiry
        (expire-at minus remind-at: 24 / 1440 / 86400). A key never changed reports 0 everywhere (ASSUMED from the
        collector docstring in masterkey.md: expire-at 0 is what the CLI shows as "unspecified")."""

        def units(seconds):
            return (str(seconds // 3600), str(seconds // 60), str(seconds))

        exp, rem = self.expire_at(), self.remind_at()
        to_expiry = units(max(0, int((exp - now).total_seconds()))) if exp else ("0", "0", "0")
        lead = units(int((exp - rem).total_seconds())) if exp and rem else ("0", "0", "0")
        fmt = "%Y/%m/%d %H:%M:%S"
        return [
            ("expire-at", exp.strftime(fmt) if exp else "0"),
            ("remind-at", rem.strftime(fmt) if rem else "0"),
            ("hours-to-expiry", to_expiry[0]), ("minutes-to-expiry", to_expiry[1]), ("seconds-to-expiry", to_expiry[2]),
            ("hours-to-reminder", lead[0]), ("minutes-to-reminder", lead[1]), ("seconds-to-reminder", lead[2]),
            ("on-hsm", "yes" if self.on_hsm else "no"),
            ("auto-renew-mkey", str(self.auto_renew_hours)),
        ]


def value_path(el):
    """Where an encrypted value sits, as PAN-OS error lines name config nodes ("a -> b -> name -> leaf"): entries by
    name, without the /config/devices/entry[@name='localhost.localdomain'] prefix."""
    steps = []
    while el is not None and el.getparent() is not None:
        parent = el.getparent()
        if not (el.tag == "devices" or (el.tag == "entry" and parent.tag == "devices")):
            steps.append(el.get("name") if el.tag == "entry" and el.get("name") else el.tag)
        el = parent
    return " -> ".join(reversed(steps))
