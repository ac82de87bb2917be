# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a secret looks in what hapair.panos returns: one mask, and one pattern of the config leaves that hold one.

The connection layer replaces every secret it knows (passwords, API keys, master keys, the values a task writes) by
SECRET_MASK in every text that came from the transport; peer_settings and peer_settings_info show the text of every
leaf whose name matches SECRET_TAG_RE (and every encrypted value) as SECRET_MASK in before/after, diff and reports.
"""

from __future__ import annotations

import re

SECRET_MASK = '********'
# Leaves whose text is a secret (also masked in raw elements and in peer_settings_info).
SECRET_TAG_RE = re.compile(r'(password|passwd|secret|community|pre-shared-key|private-key|passphrase|authpwd|privpwd'
                           r'|phash)|^key$')
