"""PAN-OS HA pair emulator: an HTTPS XML API that real PAN-OS clients accept.

Layout (protocol apart from model):
  messages      every PAN-OS message text, in one place
  errors        the typed errors models raise (no HTTP in them)
  configstore   candidate/running trees, XPath actions, per-admin change log
  device        one firewall: system info, jobs, locks, master key, runtime tables
  pair          two devices joined by HA links: election, config sync, compat checks
  opcommands    op command tree -> device/pair calls
  xmlapi        the XML API request handler (parameters in, envelope out)
  serializer    writes every response envelope
  server        HTTPS listeners, one per device address
  control       JSON control API and the cluster registry
"""

__version__ = "0.1.0"
