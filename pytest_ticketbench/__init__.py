"""pytest-ticketbench: grade a support copilot on a frozen suite of real tickets."""

from __future__ import annotations

from .copilots.base import Copilot, CopilotError, Reply, Usage
from .graders.base import Evidence, Rubric, Verdict, create, rubric
from .suite.model import Case, Suite, Ticket, Turn

__version__ = "0.1.0"

__all__ = ["Case", "Copilot", "CopilotError", "Evidence", "Reply", "Rubric", "Suite", "Ticket", "Turn", "Usage", "Verdict", "__version__", "create", "rubric"]
