from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("productions", views.ProductionViewSet, basename="production")
router.register("people", views.PersonViewSet, basename="person")
router.register("tokens", views.ApiTokenViewSet, basename="apitoken")
scoped = r"productions/(?P<production_pk>\d+)"
router.register(f"{scoped}/members", views.MembershipViewSet, basename="member")
router.register(f"{scoped}/invitations", views.InvitationViewSet, basename="invitation")
router.register(f"{scoped}/departments", views.DepartmentViewSet, basename="department")
router.register(f"{scoped}/crew", views.CrewMemberViewSet, basename="crewmember")
router.register(f"{scoped}/cast", views.CastMemberViewSet, basename="castmember")
router.register(f"{scoped}/locations", views.LocationViewSet, basename="location")

urlpatterns = router.urls
