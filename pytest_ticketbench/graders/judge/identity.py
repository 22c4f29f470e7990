"""Which judge a calibration belongs to, and whether a judge rubric gates.

A recorded calibration (``calibration:`` in suite.yaml, written by ``ticketbench calibrate
--record``) was measured with one judge: a model, at an endpoint, with one version of the
rubric file and its templates (the rubric's digest). Its kappa says nothing about any other
judge, so a run whose judge differs in any of the three is uncalibrated for that rubric, and
an uncalibrated judge rubric reports its verdicts but does not gate (unless the suite sets
``judge.gate_uncalibrated`` and no calibration is recorded at all). A calibrated judge rubric
gates when its recorded kappa reaches the suite's ``judge.kappa_floor``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ...suite.model import Calibration

DIGEST_CHARS = 12
"""Characters of the rubric digest recorded and compared (as in verdict params)."""
DEFAULT_ENDPOINT = "api.openai.com"


def endpoint(base_url: str | None) -> str:
    """The judge endpoint as recorded: host and port of the base URL (the SDK's default host when none)."""
    return urlsplit(base_url).netloc if base_url else DEFAULT_ENDPOINT


@dataclass(frozen=True)
class JudgeIdentity:
    """The judge of one rubric in a run: what a calibration must have been measured with."""

    model: str
    endpoint: str
    digest: str
    """The rubric's digest, ``DIGEST_CHARS`` long."""

    def differences(self, recorded: Calibration) -> list[str]:
        """What differs between this judge and the one ``recorded`` was measured with."""
        out = []
        for what, mine, theirs in (("model", self.model, recorded.model), ("endpoint", self.endpoint, recorded.endpoint),
                                   ("rubric digest", self.digest, recorded.digest)):
            if theirs is None:
                out.append(f"no {what} was recorded (this judge: {mine})")
            elif theirs[: len(mine)] != mine:
                out.append(f"{what} {theirs} (this judge: {mine})")
        return out


def gate_note(recorded: Calibration | None, judge: JudgeIdentity, *, floor: float, gate_uncalibrated: bool = False) -> str | None:
    """Why a judge rubric does not gate in this run, or None when it gates."""
    if recorded is None:
        if gate_uncalibrated:
            return None
        return "not gating: uncalibrated, no calibration recorded for it"
    differ = judge.differences(recorded)
    if differ:
        return f"not gating: uncalibrated for this judge, the recorded calibration (kappa {recorded.kappa:.2f}) was measured with " + "; ".join(differ)
    if recorded.kappa < floor:
        return f"not gating: recorded kappa {recorded.kappa:.2f} is below the suite's floor {floor:.2f}"
    return None
