from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pupils"
    verbose_name = "Pupils"

    def ready(self):
        from apcommission.tenancy.contributions import NavigationLink
        from pupils import rules

        self.navigation = [NavigationLink("Pupils", "pupils:list", rules.can_view_pupils, order=15)]
        # What each access event this app writes says was shown, on "Who has viewed this record"
        # (`pupils.viewed`, which gathers every app's).
        self.access_words = {
            "pupil.list": "Listed among pupils",
            "pupil.view": "Opened the pupil's record",
            "pupil.edit": "Opened the pupil's record to change it",
            "pupil.contact": "Opened a form to add or change a contact",
            "pupil.duplicate": "Shown as already having the UPN typed for a new pupil",
            "pupil.duplicate_edit": "Shown as already having the UPN typed into another pupil's record",
            "pupil.attendance": "Opened the form to record a year's attendance",
            "pupil.viewers": "Read who has viewed the record",
            "pupil.ctf_preview": "Listed in a Common Transfer File being checked, as already at the school",
            "pupil.ctf_import": "Added or updated from a Common Transfer File",
        }
