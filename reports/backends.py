from django.contrib.auth.backends import ModelBackend

from reports.models import Role


class RoleBackend(ModelBackend):
    """Administrators manage every model in the Django admin, whatever their group permissions."""

    def has_perm(self, user_obj, perm, obj=None):  # type: ignore[no-untyped-def]
        if user_obj.is_active and getattr(user_obj, "role", None) == Role.ADMIN:
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):  # type: ignore[no-untyped-def]
        if user_obj.is_active and getattr(user_obj, "role", None) == Role.ADMIN:
            return True
        return super().has_module_perms(user_obj, app_label)
