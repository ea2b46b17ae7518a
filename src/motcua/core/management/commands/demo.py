"""Load the demo data of every app (idempotent: a second run changes nothing).

Each app may have a ``demo.py`` with ``load(stdout) -> list[tuple[str, str, str]]``
returning the demo logins it made (role, e-mail, password) to print.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy nhiều lần không thay đổi gì thêm)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even where HTTPS is on (a production-like setup).",
        )
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.HTTPS and not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Dữ liệu mẫu chỉ dành cho môi trường thử nghiệm (HTTPS=0). Dùng --force nếu chắc chắn."
            )
        logins: list[tuple[str, str, str]] = []
        for config in apps.get_app_configs():
            if not config.name.startswith("motcua."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{config.name}.demo":
                    continue
                raise
            with transaction.atomic():
                logins.extend(module.load(self.stdout) or [])
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng / demo data ready."))
        if logins and not options["quiet_logins"]:
            self.stdout.write("\nTài khoản mẫu / demo logins:")
            width = max(len(role) for role, _, _ in logins)
            for role, email, password in logins:
                self.stdout.write(f"  {role:<{width}}  {email:<28}  {password}")
