import itertools

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from productions import services
from productions.models import Location, Membership, Person, Production


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.com")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    phone = factory.Sequence(lambda n: f"+1 555 01{n % 100:02d}")


_titles = itertools.count(1)


def production_for(user, **fields) -> Production:
    """A production created through the service, so departments are seeded."""
    fields.setdefault("title", f"Production {next(_titles)}")
    return services.production_create(user=user, time_zone="America/Los_Angeles", **fields)


def member(production: Production, role: str, **user_fields):
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, production=production, role=role)
    return user


def crew(production: Production, *, position="Gaffer", department="Electric", rate="650.00",
         **person_fields):
    return services.crew_member_create(
        production=production,
        department=production.departments.get(name=department),
        position=position,
        person=PersonFactory(**person_fields),
        rate=rate,
    )


def cast(production: Production, *, character="ANNA", fee="1200.00", **person_fields):
    return services.cast_member_create(
        production=production, character=character, person=PersonFactory(**person_fields), fee=fee
    )


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Location {n}")
    address = factory.Faker("address")
    latitude = "34.052200"
    longitude = "-118.243700"
    hospital_name = "General Hospital"
    hospital_phone = "+1 555 0100"
