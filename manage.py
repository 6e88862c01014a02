#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apcrew.settings")
    # manage.py is the developer's tool: without a DEBUG setting it runs on the
    # embedded defaults. Deployments set DEBUG=false (docker-compose.yml does),
    # and the web server and workers (wsgi.py, celery.py) default to off.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
