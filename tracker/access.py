"""Who may read Luoshi's data outside the admin (the API, the CSV export, the dashboards): a login is not
enough, it takes a role. The analysts' and editors' groups (migrations/0003_admin_roles) hold the permission
to view measures, and so do superusers; a staff account in no group, or any other account with a token,
holds none and is refused with 403."""

from rest_framework.permissions import BasePermission

READ_PERMISSION = "tracker.view_measure"


def can_read(user) -> bool:
    return user.is_active and user.has_perm(READ_PERMISSION)


class CanRead(BasePermission):
    """For the API (after IsAuthenticated, so an anonymous request still gets 401)."""

    message = "Reading Luoshi's data needs the analysts' or editors' role."

    def has_permission(self, request, view):
        return can_read(request.user)
