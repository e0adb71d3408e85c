from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"

    def ready(self):
        from apcommission.tenancy.contributions import HomePanel, NavigationLink
        from attendance import rules

        self.navigation = [
            NavigationLink("Attendance", "attendance:grid", rules.can_record_marks, order=28),
            NavigationLink("Attendance", "attendance:school", rules.can_view_school_attendance, order=28),
        ]
        self.home_panels = [
            HomePanel("attendance/home/provider.html", rules.can_record_marks, order=17),
            HomePanel("attendance/home/school.html", rules.can_view_school_attendance, order=17),
        ]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "attendance.grid": "Listed on a provider's weekly attendance grid",
            "attendance.upload": "Named in an attendance file a provider sent",
            "attendance.template": "Included in an attendance file template a provider downloaded",
            "attendance.school": "Listed among same-day absences or sessions a provider has not marked",
        }
