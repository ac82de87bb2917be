"""PAN-OS HA pair emulator: an HTTPS XML API that real PAN-OS clients accept.

Layout: one concern per file, protocol handling (server, xmlapi, opcommands, hastate, serializer) apart from the
model (device, pair, configstore, jobs, locks, masterkey, runtime), which raises the domain errors of exceptions.py;
error_envelopes.py maps them to PAN-OS replies. The file-by-file table is in tests/emulator/README.md, "Layout".
"""

__version__ = "0.1.0"
