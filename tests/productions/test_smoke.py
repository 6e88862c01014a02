from productions.models import Department
from productions.services import STANDARD_DEPARTMENTS


def test_production_create_seeds_standard_departments(production):
    names = list(Department.objects.filter(production=production).values_list("name", flat=True))
    assert names == STANDARD_DEPARTMENTS
