"""Production pages: thin views over services and selectors."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import logo, selectors, services
from .decorators import production_view
from .forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    CastMemberForm,
    CrewMemberForm,
    InvitationForm,
    LocationForm,
    MembershipRoleForm,
    ProductionForm,
    form_errors_add,
)
from .roles import Capability as C
from .roles import assignable_roles


def _logo_apply(form, production) -> None:
    if form.cleaned_data.get("logo_upload"):
        logo.production_logo_set(production=production, upload=form.cleaned_data["logo_upload"])
    elif form.cleaned_data.get("logo_remove") and production.logo:
        logo.production_logo_clear(production=production)


@login_required
def home(request):
    productions = selectors.production_list(user=request.user)
    return render(request, "productions/home.html", {"productions": productions})


@login_required
def production_create(request):
    form = ProductionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        production = services.production_create(user=request.user, **form.production_fields())
        _logo_apply(form, production)
        messages.success(request, f"“{production.title}” created. Add your crew and cast next.")
        return redirect(production)
    return render(request, "productions/production_form.html", {"form": form})


@production_view(C.VIEW_PRODUCTION)
def overview(request, production):
    context = {
        "production": production,
        "counts": selectors.production_counts(production=production),
        "departments": selectors.department_list(production=production),
        # Panels from higher apps (budgets: open overage alerts), each deciding who sees it.
        "panels": services.overview_panels(production=production,
                                           membership=request.membership),
    }
    return render(request, "productions/overview.html", context)


@production_view(C.EDIT_PRODUCTION)
def production_edit(request, production):
    form = ProductionForm(request.POST or None, request.FILES or None, instance=production)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.production_update(production=production, **form.production_fields())
                _logo_apply(form, production)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, "Production saved.")
            return redirect(production)
    return render(request, "productions/production_form.html", {"form": form})


@production_view(C.DELETE_PRODUCTION)
def production_delete(request, production):
    if request.method == "POST":
        title = production.title
        services.production_delete(production=production)
        messages.success(request, f"“{title}” deleted.")
        return redirect("home")
    return render(request, "productions/confirm_delete.html", {"object": production})


# --- Crew, cast and locations: one generic flow, three configurations ----------


@dataclass(frozen=True)
class Section:
    """How one list of a production's things is added to, edited and removed."""

    name: str
    form: type
    create: Callable
    update: Callable
    delete: Callable
    list_url: str
    template: str
    has_rates: bool = False


def _form_kwargs(section: Section, request, production) -> dict:
    kwargs = {"production": production}
    if section.has_rates:
        kwargs["show_rates"] = request.membership.can(C.VIEW_RATES)
    return kwargs


def _edit(request, production, section: Section, instance=None):
    form = section.form(
        request.POST or None, instance=instance, **_form_kwargs(section, request, production)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if instance is None:
                section.create(production, form)
                messages.success(request, f"{section.name} added.")
            else:
                section.update(instance, form)
                messages.success(request, f"{section.name} saved.")
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            return redirect(section.list_url, production.pk)
    context = {"form": form, "object": instance, "section": section, "production": production}
    return render(request, section.template, context)


def _remove(request, production, section: Section, instance):
    if request.method == "POST":
        section.delete(instance)
        messages.success(request, f"{section.name} removed: {instance}.")
        return redirect(section.list_url, production.pk)
    return render(request, "productions/confirm_delete.html", {"object": instance,
                  "cancel_url": section.list_url})


CREW = Section(
    name="Crew member",
    form=CrewMemberForm,
    create=lambda production, form: services.crew_member_create(
        production=production, **form.person_data(), **form.member_data()
    ),
    update=lambda member, form: services.crew_member_update(
        member=member, person_fields=form.person_data(), **form.member_data()
    ),
    delete=lambda member: services.crew_member_delete(member=member),
    list_url="productions:crew",
    template="productions/person_form.html",
    has_rates=True,
)

CAST = Section(
    name="Cast member",
    form=CastMemberForm,
    create=lambda production, form: services.cast_member_create(
        production=production, **form.person_data(), **form.member_data()
    ),
    update=lambda member, form: services.cast_member_update(
        member=member, person_fields=form.person_data(), **form.member_data()
    ),
    delete=lambda member: services.cast_member_delete(member=member),
    list_url="productions:cast",
    template="productions/person_form.html",
    has_rates=True,
)

LOCATIONS = Section(
    name="Location",
    form=LocationForm,
    create=lambda production, form: services.location_create(
        production=production, **form.cleaned_data
    ),
    update=lambda location, form: services.location_update(
        location=location, **form.cleaned_data
    ),
    delete=lambda location: services.location_delete(location=location),
    list_url="productions:locations",
    template="productions/location_form.html",
)


@production_view(C.VIEW_PEOPLE)
def crew_list(request, production):
    crew = selectors.crew_list(production=production)
    return render(request, "productions/crew_list.html", {"crew": crew, "production": production})


@production_view(C.EDIT_PEOPLE)
def crew_create(request, production):
    return _edit(request, production, CREW)


@production_view(C.EDIT_PEOPLE)
def crew_edit(request, production, pk):
    member = get_object_or_404(selectors.crew_list(production=production), pk=pk)
    return _edit(request, production, CREW, member)


@production_view(C.EDIT_PEOPLE)
def crew_delete(request, production, pk):
    member = get_object_or_404(selectors.crew_list(production=production), pk=pk)
    return _remove(request, production, CREW, member)


@production_view(C.VIEW_PEOPLE)
def cast_list(request, production):
    cast = selectors.cast_list(production=production)
    return render(request, "productions/cast_list.html", {"cast": cast, "production": production})


@production_view(C.EDIT_PEOPLE)
def cast_create(request, production):
    return _edit(request, production, CAST)


@production_view(C.EDIT_PEOPLE)
def cast_edit(request, production, pk):
    member = get_object_or_404(selectors.cast_list(production=production), pk=pk)
    return _edit(request, production, CAST, member)


@production_view(C.EDIT_PEOPLE)
def cast_delete(request, production, pk):
    member = get_object_or_404(selectors.cast_list(production=production), pk=pk)
    return _remove(request, production, CAST, member)


@production_view(C.VIEW_PRODUCTION)
def location_list(request, production):
    locations = selectors.location_list(production=production)
    return render(
        request,
        "productions/location_list.html",
        {"locations": locations, "production": production},
    )


@production_view(C.EDIT_PEOPLE)
def location_create(request, production):
    return _edit(request, production, LOCATIONS)


@production_view(C.EDIT_PEOPLE)
def location_edit(request, production, pk):
    location = get_object_or_404(selectors.location_list(production=production), pk=pk)
    return _edit(request, production, LOCATIONS, location)


@production_view(C.EDIT_PEOPLE)
def location_delete(request, production, pk):
    location = get_object_or_404(selectors.location_list(production=production), pk=pk)
    return _remove(request, production, LOCATIONS, location)


# --- Team: members and invitations ------------------------------------------------------


@production_view(C.VIEW_PEOPLE)
def team(request, production):
    membership = request.membership
    roles = assignable_roles(membership.role)
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST":
        if not membership.can(C.MANAGE_MEMBERS):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.invitation_create(
                    production=production, by=membership, **form.cleaned_data
                )
            except ValidationError as exc:
                form_errors_add(form, exc)
            else:
                messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
                return redirect("productions:team", production.pk)
    context = {
        "production": production,
        "members": selectors.member_list(production=production),
        "invitations": (
            selectors.invitation_list(production=production)
            if membership.can(C.MANAGE_MEMBERS)
            else None
        ),
        "form": form if roles else None,
        "assignable": {r.value for r in roles},
        "role_form": MembershipRoleForm(),
    }
    return render(request, "productions/team.html", context)


@require_POST
@production_view(C.MANAGE_MEMBERS)
def member_update(request, production, pk):
    member = get_object_or_404(selectors.member_list(production=production), pk=pk)
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_update(
                membership=member, role=form.cleaned_data["role"], by=request.membership
            )
            messages.success(request, f"{member.user.get_full_name() or member.user} updated.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("productions:team", production.pk)


@require_POST
@production_view(C.MANAGE_MEMBERS)
def member_remove(request, production, pk):
    member = get_object_or_404(selectors.member_list(production=production), pk=pk)
    try:
        services.membership_remove(membership=member, by=request.membership)
        messages.success(request, "Member removed.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("productions:team", production.pk)


@require_POST
@production_view(C.MANAGE_MEMBERS)
def invitation_revoke(request, production, pk):
    invitation = get_object_or_404(selectors.invitation_list(production=production), pk=pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"Invitation to {invitation.email} revoked.")
    return redirect("productions:team", production.pk)


def invitation_accept(request, token):
    """The one-time link from the invitation email. Public: the token is the secret."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "registration/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.email.lower() != invitation.email.lower():
        return render(
            request,
            "registration/invitation_accept.html",
            {"invitation": invitation, "wrong_account": True},
        )
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (user is not None or form.is_valid()):
        data = form.cleaned_data if user is None else {}
        try:
            membership = services.invitation_accept(
                token=token,
                user=user,
                name=data.get("name", ""),
                password=data.get("password1", ""),
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            if user is None:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to {membership.production}.")
            return redirect(membership.production)
    return render(
        request, "registration/invitation_accept.html", {"invitation": invitation, "form": form}
    )


# --- Profile: API tokens ---------------------------------------------------------------


@login_required
def tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _, new_secret = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    context = {
        "tokens": selectors.api_token_list(user=request.user),
        "form": form,
        "new_secret": new_secret,
    }
    return render(request, "productions/tokens.html", context)


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(selectors.api_token_list(user=request.user), pk=pk)
    services.api_token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("tokens")


# --- Sections later issues fill ----------------------------------------------------------


def _section_placeholder(capability: C, title: str, blurb: str):
    @production_view(capability)
    def view(request, production):
        return render(
            request,
            "productions/section_placeholder.html",
            {"production": production, "title": title, "blurb": blurb},
        )

    return view
