# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read-only conformance suite of hapair.panos against a real HA pair (docs/conformance.md).

settings   the environment an operator sets (HAPAIR_CONFORMANCE_*), as provider dicts
guard      the transport wrapper: refuses anything that is not a read before it is sent, keeps every raw answer
sanitize   deterministic masking of secrets, serials, addresses, MACs and hostnames in recorded answers
record     the recorded answers written in the real-sample corpus format (files + MANIFEST.yml)
fidelity   the pair's answers compared with the corpus samples (shapes, both directions)
session    one run: the pair discovered once, every read path exercised, results kept for the report
"""
