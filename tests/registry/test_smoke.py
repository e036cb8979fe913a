from registry.models import Person


def test_register_person_records_initial_determination(person_a):
    person = Person.objects.get(pk=person_a.pk)
    assert person.level == "severe"
    assert person.disability_types == ["mobility"]
    assert person.determinations.count() == 1
    assert person.residences.get().commune_id == person.commune_id
