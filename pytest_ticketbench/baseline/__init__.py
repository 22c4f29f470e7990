"""Baselines and the regression gate.

- ``entries``: a case's graded verdicts -> its baseline entry (never the reply text), and
  the sorted, byte-stable YAML file that holds one entry per case.
- ``extension``: the syrupy extension that stores those files under the suite,
  ``cases/<version>/__baselines__/<profile>/``.
- ``compare``: a case's status against its entry (pass, regressed, known_failure, fixed,
  new) with a plain-words explanation of what changed.
- ``gate``: ``decide(current, baseline)``, the suite-level decision over two results
  documents (paired bootstrap per metric, noise-aware case regressions).
- ``shard``: ``--ticketbench-shard=K/N``.
- ``component``: the pytest side (registered in ``session.COMPONENTS``).
"""
