from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = "Visits and contacts"

    def ready(self):
        from apcommission.tenancy.contributions import NavigationLink
        from contacts import rules

        self.navigation = [
            NavigationLink("Visits and contacts", "contacts:list", rules.can_view_contacts, order=29),
        ]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "contacts.list": "Listed in the school's log of visits and contacts",
            "contacts.form": "Listed among the placements a visit or contact could be about",
            "contacts.entered_in_error": "Opened a visit or contact to mark it entered in error",
        }
