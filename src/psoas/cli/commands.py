"""Every sub-command: its module and its one-line summary (all ``psoas --help`` needs).

The command modules are imported only for the command being run, so starting
``psoas`` costs the same however many commands there are.
"""

from __future__ import annotations

#: name -> (module in psoas.cli, summary), in the order ``psoas --help`` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("web_cmd", "start the web app (what `make run` does)"),
    "user": ("web_cmd", "manage accounts (needed beyond 127.0.0.1)"),
    "check": ("assess_cmd", "take the self-test (interactive, or from a JSON answers file)"),
    "plan": ("assess_cmd", "build tonight's routine from your latest test"),
    "start": ("session_cmd", "run tonight's routine, guided and timed"),
    "routine": ("routine_cmd", "compose your own routines; choose or accept tonight's"),
    "resume": ("session_cmd", "carry on with an interrupted session"),
    "massage": ("safety_cmd", "turn ball massage on (after its safety questions) or off"),
    "clearance": ("safety_cmd", "record that a provider has cleared you (pregnancy, hip or spine)"),
    "props": ("props_cmd", "say which props you own and whether you can use the floor"),
    "history": ("progress_cmd", "past sessions: done vs skipped, minutes, streak"),
    "progress": ("progress_cmd", "how your test and pain have changed over time"),
    "week": ("progress_cmd", "this week in review: done, how the tests moved, what changes next"),
    "psfs": ("psfs_cmd", "the PSFS outcome measure: three activities rated 0-10, every 2 weeks"),
    "export": ("progress_cmd", "all your data as JSON or CSV"),
    "import": ("progress_cmd", "add data from a psoas JSON export (all or nothing)"),
    "remind": ("remind_cmd", "write a calendar file that reminds you of your routine"),
    "catalog": ("catalog_cmd", "list every practice"),
    "show": ("catalog_cmd", "show one practice"),
    "length": ("figure_cmd", "the psoas length model: relative length at given angles"),
    "handout": ("figure_cmd", "a printable PDF of your routine with a figure for every step"),
    "report": ("figure_cmd", "a printable progress report over a period, for your physio"),
    "measure": ("measure_cmd", "measure the test's angles from a side-view photo or clip"),
}


def summary(name: str) -> str:
    """The one-line summary of a sub-command."""
    return COMMANDS[name][1]


__all__ = ["COMMANDS", "summary"]
