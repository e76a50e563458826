"""New booking, steps 1–4: the master, the service (or several ticked for one visit), the date
and a free time — each list asked from core when its step opens (NewBookingScreen holds the
wizard's state and its navigation, `goto`)."""

from __future__ import annotations

from textual import on
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..core import settings
from ..core.booking import slots, visits
from ..core.people import masters
from ..core.storage.models import Master, Service
from ..i18n import _
from ..i18n.amounts import visit_total_text
from ..widgets.booking_table import format_day, format_duration, format_money
from ..widgets.month_calendar import MonthCalendar
from ..widgets.slot_grid import SlotGrid, hhmm
from .base import SectionScreen


class WizardChoices(SectionScreen):
    """The wizard's first four steps: loading each one's choices and taking the one picked."""

    def _load_masters(self) -> None:
        masters = [m for m in _active_masters(self.branch) if slots.services_for_master(m.id)]
        option_list = self.query_one("#master-list", OptionList)
        option_list.clear_options()
        option_list.add_options(Option(m.name, id=str(m.id)) for m in masters)
        if not masters:
            option_list.add_option(
                Option(_("No master with services: add masters and their services first."),
                       disabled=True)
            )
        elif self.master is not None and str(self.master.id) in {str(m.id) for m in masters}:
            option_list.highlighted = option_list.get_option_index(str(self.master.id))
        else:
            option_list.highlighted = 0

    def _load_services(self) -> None:
        assert self.master is not None
        services = slots.services_for_master(self.master.id)
        if self.from_journal and self.day is not None and self.start is not None:
            services = [s for s in services if self._fits([s.id])]
        offered = {service.id for service in services}
        self.ticked = [service for service in self.ticked if service.id in offered]
        option_list = self.query_one("#service-list", OptionList)
        keep = option_list.highlighted
        option_list.clear_options()
        ticked = {service.id for service in self.ticked}
        for service in services:
            option_list.add_option(Option(self._service_label(service, service.id in ticked),
                                          id=str(service.id)))
        if not services and self.from_journal:
            option_list.add_option(Option(_("No service of the master fits at this time."),
                                          disabled=True))
        elif not services:
            option_list.add_option(Option(_("The master has no active services."), disabled=True))
        else:
            option_list.highlighted = min(keep or 0, len(services) - 1)
        self._show_service_total()

    def _service_label(self, service: Service, ticked: bool) -> str:
        label = _(
            "{name} — {price}, {duration}",
            name=service.name,
            price=format_money(service.price, settings.load().currency),
            duration=format_duration(service.duration),
        )
        return f"{'☑' if ticked else '☐'} {label}"

    def _show_service_total(self) -> None:
        total = self.query_one("#service-total", Static)
        if not self.ticked:
            total.update(_("Enter: this service. Space: tick several for one visit."))
            return
        total.update(_("Ticked: {names}\n{total}\nEnter: next with the ticked ones.",
                       names=visits.NAME_JOIN.join(s.name for s in self.ticked),
                       total=_visit_total(self.ticked)))

    def action_tick_service(self) -> None:
        """Space on the service step: tick or untick the highlighted service."""
        if self.step != "service":
            return
        option_list = self.query_one("#service-list", OptionList)
        if option_list.highlighted is None:
            return
        option = option_list.get_option_at_index(option_list.highlighted)
        if option.disabled or not option.id:
            return
        service_id = int(option.id)
        if any(s.id == service_id for s in self.ticked):
            self.ticked = [s for s in self.ticked if s.id != service_id]
        elif len(self.ticked) >= visits.MAX_SERVICES:
            self.notify(_("At most {limit} services in one visit", limit=visits.MAX_SERVICES),
                        severity="warning")
            return
        else:
            service = Service.get_or_none(Service.id == service_id)
            if service is None:
                return
            self.ticked.append(service)
        self._load_services()
        self._show_steps()

    def _ids(self) -> int | tuple[int, ...]:
        ids = tuple(s.id for s in self.services)
        return ids[0] if len(ids) == 1 else ids

    def _load_dates(self) -> None:
        assert self.master is not None and self.services
        days = slots.horizon()
        free = slots.available_dates(self._ids(), self.master.id)
        calendar = self.query_one("#date-calendar", MonthCalendar)
        calendar.today = days[0]
        calendar.set_range(days[0], days[-1])
        calendar.set_enabled(free)
        calendar.set_marks({day: "•" for day in free})
        target = self.day if self.day in free else (free[0] if free else days[0])
        calendar.show_day(target)
        if not free:
            self.notify(_("No free time within the booking horizon."), severity="warning")

    async def _load_times(self) -> None:
        assert self.master is not None and self.services and self.day is not None
        starts = slots.free_starts(self.master.id, self._ids(), self.day)
        self.query_one("#time-title", Label).update(
            _("Choose a free time on {day}", day=format_day(self.day))
        )
        grid = self.query_one("#time-grid", SlotGrid)
        await grid.set_slots(starts)
        if self.start in starts:
            grid.cursor = starts.index(self.start)

    def _fits(self, service_ids: list[int]) -> bool:
        """Whether the visit can start at the chosen time (the journal's slot)."""
        assert self.master is not None and self.day is not None
        ids = service_ids[0] if len(service_ids) == 1 else tuple(service_ids)
        return self.start in slots.free_starts(self.master.id, ids, self.day)

    @on(OptionList.OptionSelected, "#master-list")
    async def _master_chosen(self, event: OptionList.OptionSelected) -> None:
        self.master = Master.get_or_none(Master.id == int(event.option.id or 0))
        if self.master is not None:
            await self.goto("service")

    @on(OptionList.OptionSelected, "#service-list")
    async def _service_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter: the ticked services, in the order ticked — or, none ticked, this one."""
        if self.ticked:
            self.services = list(self.ticked)
        else:
            service = Service.get_or_none(Service.id == int(event.option.id or 0))
            self.services = [service] if service is not None else []
        if self.services and self.from_journal:
            if not self._fits([s.id for s in self.services]):
                self.notify(_("These services do not fit at {time}: the next booking or a "
                              "break starts earlier.", time=hhmm(self.start or 0)),
                            severity="warning", markup=False)
                self.services = []
                return
            await self.goto("review")
        elif self.services:
            await self.goto("date")

    @on(MonthCalendar.DayPicked, "#date-calendar")
    async def _date_chosen(self, event: MonthCalendar.DayPicked) -> None:
        self.day = event.day
        await self.goto("time")

    @on(SlotGrid.Picked, "#time-grid")
    async def _time_chosen(self, event: SlotGrid.Picked) -> None:
        self.start = event.start
        await self.goto("phone")


def _visit_total(items: list[Service]) -> str:
    """"2 services · 2 h 15 min · 3 500 ₽" in the TUI's language."""
    price = visits.total_price(items)
    currency = settings.load().currency
    return visit_total_text(len(items), visits.total_duration(items),
                            format_money(price, currency) if price is not None else "")


def _active_masters(branch: int | None = None) -> list[Master]:
    return masters.list_masters(include_blocked=False, branch=branch)
