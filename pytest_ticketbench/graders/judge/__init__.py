"""The LLM judge: rubric files (``spec``), prompts (``prompt``), the client (``client``),
answer checking (``verdict``, ``guard``), rubric objects (``rubric``), the run's judge
(``service``) and ``ticketbench calibrate`` (``calibrate``)."""
