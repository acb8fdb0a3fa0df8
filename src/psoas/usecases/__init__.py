"""What a person or their coach does, one module per use case, called by every shell.

The command line, the web pages and the JSON API call these functions and only parse,
call and present. A use case reads through :mod:`psoas.store`, decides through
:mod:`psoas.core` and checks ownership once: every function takes the profile it acts
for, and a record of another profile is not found.
"""
