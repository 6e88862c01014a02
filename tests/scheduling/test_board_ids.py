"""Board IDs are shared between cast members and characters not yet cast."""

import pytest
from django.core.exceptions import ValidationError

from productions import services
from scheduling.models import Element, ElementCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncast_character(production):
    category, _ = ElementCategory.objects.get_or_create(
        production=production, code=100, defaults={"name": "Cast Members", "colour": "#fcd34d"}
    )
    return Element.objects.create(production=production, category=category, name="MARA",
                                  board_id=3)


def test_a_new_cast_member_skips_board_ids_held_by_characters(production, uncast_character):
    services.cast_member_create(production=production, character="ANNA", name="A", board_id=1)
    member = services.cast_member_create(production=production, character="BOB", name="B")
    assert member.board_id == 4


def test_a_cast_member_cannot_take_a_characters_board_id(production, uncast_character):
    with pytest.raises(ValidationError) as error:
        services.cast_member_create(production=production, character="X", name="X", board_id=3)
    assert error.value.message_dict == {
        "board_id": ["A character in the breakdown has this board ID."]}
    assert not production.cast.exists()
