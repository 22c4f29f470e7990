"""Subcommands of the ``ticketbench`` command (see ``cli.COMMANDS``)."""
