"""The pytest side of a run's parts: each is a plugin made from the session (``session.COMPONENTS``).

The plain libraries (reports/, baseline/, scoring/, ...) never import pytest; what needs a
hook, a stash key or a usage error lives here and calls into them.
"""
