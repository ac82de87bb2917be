"""PAN-OS HA pair emulator: an HTTPS XML API that real PAN-OS clients accept.

Layout (protocol apart from model):
  messages      every PAN-OS message text, in one place
  errors        the typed errors models raise (no HTTP in them)
  schema        the version profiles (10.2, 9.1): one table of what differs between PAN-OS schemas
  configstore   candidate/running trees, XPath actions, per-admin change log
  commitscope   commit locations of XPaths (partial commits excluding device-and-network, ...)
  device        one firewall: system info, jobs, locks, master key, runtime tables
  jobs, locks   a device's job table (with its boot-time jobs) and its config/commit locks
  pair          two devices joined by HA links: election, config sync, compat checks
  opcommands    op command tree -> device/pair calls
  hastate       show high-availability state|all, laid out per schema
  xmlapi        the XML API request handler (parameters in, envelope out)
  serializer    writes every response envelope
  server        HTTPS listeners, one per device address
  control       JSON control API and the cluster registry
"""

__version__ = "0.1.0"
