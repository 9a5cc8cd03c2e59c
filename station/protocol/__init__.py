"""The words the station, the doctor's page and the fleet's service share: every message on
the data channel (typed, versioned, decoded once at the edge), the signaling close codes, what
the service signs about a doctor, a station's credential as the service keeps it, and the
doctor's conclusion.

The service (``station.signaling``) and the station (``station.call``, ``consultation``,
``records``, ``ui``…) import this package and never each other (import-linter contracts in
``pyproject.toml``). Nothing here imports either side.
"""
