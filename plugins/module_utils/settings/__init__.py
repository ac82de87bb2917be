# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed settings of hapair.panos.peer_settings, one file per concern.

  options.py         the data: one Option per catalog item that does not sync, each a tree of fields with
                     its path, type, limits and documentation (the module's ``options:`` are generated
                     from it by tools/gen_peer_settings_options.py)
  fields.py          the field engine for one value at one path: read, compare (want/have), requests
  groups.py          fields made of fields: a dict of fields (Group), a keyed list of entries (Entries)
  locators.py        where an entry of a list lives (a plain container, interfaces, aggregate groups, zones)
  plan.py            what a comparison yields: the requests (Op), both views (Planned), the run (Context)
  paths.py           steps below the device root, with ``{placeholders}`` filled from sibling fields
  masking.py         which values are secrets, how they are shown and compared
  catalog_bridge.py  which catalog item a field path belongs to
"""
