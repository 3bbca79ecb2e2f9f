"""Message catalogue: every user-facing string, Dutch first, English second.

`t(key, lang, **values)` looks a message up and fills in `{placeholders}`.
Kept as a small Python module (rather than gettext .po files) so that a test can
check both languages for every key and the catalogue ships without a build step.
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # app chrome
    "app.title": ("Afsprakenkaart", "Agreements map"),
    "app.subtitle": (
        "Prestatieafspraken {municipality}: één kaart voor gemeente, corporaties en huurders",
        "Performance agreements {municipality}: one map for municipality, corporations and tenants",
    ),
    "app.year": ("Jaar", "Year"),
    "app.layers": ("Kaartlagen", "Map layers"),
    "app.language": ("Taal", "Language"),
    "app.data_error": (
        "De gegevens in {path} kloppen niet. Niets is gewijzigd. Problemen:",
        "The data in {path} is not valid. Nothing was changed. Problems:",
    ),
    "app.config_error": ("De configuratie klopt niet:", "The configuration is not valid:"),
    "app.map_help": (
        "Klik op een buurt op de kaart (of kies hem hieronder) voor de feiten.",
        "Click a buurt on the map (or choose it below) to see its facts.",
    ),
    "app.choose_buurt": ("Buurt", "Neighbourhood (buurt)"),
    "app.no_buurt": ("— kies een buurt —", "— choose a buurt —"),
    "app.share_link": (
        "Deze weergave (jaar, lagen, buurt) staat in de adresbalk: "
        "kopieer de link om hem te delen.",
        "This view (year, layers, buurt) is in the address bar: copy the link to share it.",
    ),
    # demo notice
    "demo.mark": ("DEMO — fictieve gegevens", "DEMO — fictitious data"),
    "demo.title": ("Demogegevens", "Demo data"),
    "demo.body": (
        "Echt: de buurt- en wijkgrenzen (CBS / Kadaster 2022, CC BY 4.0, vereenvoudigd). "
        "Gegenereerd: corporatiewoningen, maatregelen, aandachtsgebieden, warmtefasering en "
        "vakantieparken. Ze volgen de cijfers van de prestatieafspraken 2023-2026, maar geen "
        "adres, complex of park bestaat echt.",
        "Real: the buurt and wijk boundaries (CBS / Kadaster 2022, CC BY 4.0, generalised). "
        "Generated: corporation homes, measures, attention areas, heat phasing and holiday "
        "parks. They follow the figures of the 2023-2026 performance agreements, but no "
        "address, complex or park is real.",
    ),
    # layers
    "layer.corporation_housing": ("Corporatiewoningen", "Corporation housing"),
    "layer.attention_areas": ("Aandachtsgebieden leefbaarheid", "Liveability attention areas"),
    "layer.heat_phasing": ("Warmtetransitie per wijk", "Heat transition per wijk"),
    "layer.holiday_parks": ("Vakantieparken", "Holiday parks"),
    "legend.corporation": ("Corporatie", "Corporation"),
    "legend.measure": ("Maatregel (letter)", "Measure (letter)"),
    "legend.state": ("Stand in {year}", "Status in {year}"),
    "legend.state.done": ("uitgevoerd (vol)", "carried out (filled)"),
    "legend.state.planned": ("gepland (open)", "planned (open)"),
    "legend.no_location": (
        "{count} geplande woningen zonder locatie (fictief)",
        "{count} planned homes without a location (fictief)",
    ),
    "legend.homes_on_map": ("{count} woningen op de kaart", "{count} homes on the map"),
    "legend.attention.designated": ("aangewezen in {year}", "designated in {year}"),
    "legend.attention.count": ("{count} gebieden", "{count} areas"),
    "legend.attention.none": (
        "geen gebieden aangewezen in {year}",
        "no areas designated in {year}",
    ),
    "legend.heat.period": ("Periode (aanpak)", "Period (start of work)"),
    "legend.heat.current": ("dikke rand: loopt in {year}", "thick border: running in {year}"),
    "legend.heat.strategy": ("Voorkeursstrategie", "Preferred strategy"),
    "legend.parks.vitality": ("Vitaliteit", "Vitality"),
    # popups
    "popup.complex": ("Complex", "Complex"),
    "popup.corporation": ("Corporatie", "Corporation"),
    "popup.bouwjaar": ("Bouwjaar", "Build year"),
    "popup.woningtype": ("Woningtype", "Dwelling type"),
    "popup.energielabel": ("Energielabel", "Energy label"),
    "popup.measure": ("Maatregel", "Measure"),
    "popup.measure_year": ("Gepland jaar", "Planned year"),
    "popup.state": ("Stand", "Status"),
    "popup.none": ("geen", "none"),
    "popup.unknown": ("onbekend", "unknown"),
    "popup.status": ("Status", "Status"),
    "popup.reasons": ("Redenen", "Reasons"),
    "popup.lead_party": ("Trekker", "Lead party"),
    "popup.vision": ("Wijk-/buurtvisie", "Neighbourhood vision"),
    "popup.period": ("Periode", "Period"),
    "popup.strategy": ("Strategie", "Strategy"),
    "popup.plan_status": ("Uitvoeringsplan", "Execution plan"),
    "popup.phase_state": ("In {year}", "In {year}"),
    "popup.vitality": ("Vitaliteit", "Vitality"),
    "popup.units": ("Eenheden", "Units"),
    "popup.permanent": ("Permanente bewoners", "Permanent residents"),
    "popup.target_group": ("Huishoudens in doelgroep", "Target-group households"),
    "popup.year": ("Jaar", "Year"),
    "popup.drawn_area": ("Getekend gebied", "Drawn area"),
    # coded values
    "measure.verduurzaming": ("verduurzaming", "sustainability works"),
    "measure.renovatie": ("renovatie", "renovation"),
    "measure.sloop": ("sloop", "demolition"),
    "measure.nieuwbouw": ("nieuwbouw", "new building"),
    "measure.verkoop": ("verkoop", "sale"),
    "measure.none": ("geen maatregel", "no measure"),
    "state.done": ("uitgevoerd", "carried out"),
    "state.planned": ("gepland", "planned"),
    "state.none": ("geen maatregel", "no measure"),
    "status.proposed": ("voorgesteld", "proposed"),
    "status.designated": ("aangewezen", "designated"),
    "status.rejected": ("afgewezen", "rejected"),
    "status.postponed": ("uitgesteld", "postponed"),
    "status.ended": ("beëindigd", "ended"),
    "reason.social": ("sociaal", "social"),
    "reason.physical": ("fysiek", "physical"),
    "reason.safety": ("veiligheid", "safety"),
    "strategy.warmtenet": ("warmtenet", "heat network"),
    "strategy.all-electric": ("all-electric", "all-electric"),
    "strategy.hybride": ("hybride warmtepomp", "hybrid heat pump"),
    "strategy.groengas": ("groen gas", "green gas"),
    "strategy.onbekend": ("nog onbekend", "not yet known"),
    "plan.verkenning": ("verkenning", "exploration"),
    "plan.uitvoeringsplan": ("uitvoeringsplan", "execution plan"),
    "plan.uitvoering": ("in uitvoering", "under way"),
    "plan.afgerond": ("afgerond", "completed"),
    "phase.current": ("loopt nu", "running now"),
    "phase.later": ("nog niet begonnen", "not started yet"),
    "phase.earlier": ("periode voorbij", "period over"),
    "vitality.vitaal": ("vitaal", "vital"),
    "vitality.kansrijk": ("kansrijk", "opportunity"),
    "vitality.niet-vitaal": ("niet vitaal", "not vital"),
    "vitality.transformatie": ("transformatie", "transformation"),
    "period.after": ("na {year}", "after {year}"),
    # side panel
    "panel.title": ("Buurtfeiten", "Buurt facts"),
    "panel.wijk": ("Wijk", "Wijk"),
    "panel.homes": ("Corporatiewoningen in {year}", "Corporation homes in {year}"),
    "panel.homes_total": ("totaal", "total"),
    "panel.homes_unit": ("woningen", "homes"),
    "panel.no_homes": ("Geen corporatiewoningen in deze buurt.", "No corporation homes here."),
    "panel.works": ("Geplande en uitgevoerde werken", "Planned and completed works"),
    "panel.no_works": ("Geen werken gepland.", "No works planned."),
    "panel.heat": ("Warmtetransitie", "Heat transition"),
    "panel.heat_none": ("Geen fasering bekend.", "No phasing known."),
    "panel.heat_override": ("(afwijkend van de wijk)", "(differs from its wijk)"),
    "panel.attention": ("Aandachtsgebied leefbaarheid", "Liveability attention area"),
    "panel.attention_yes": ("Aangewezen in {year}", "Designated in {year}"),
    "panel.attention_no": ("Niet aangewezen in {year}", "Not designated in {year}"),
    "panel.attention_history": ("Geschiedenis", "History"),
    "panel.parks": (
        "Vakantieparken in of bij de buurt (≤ {km} km)",
        "Holiday parks in or near (≤ {km} km)",
    ),
    "panel.no_parks": ("Geen vakantieparken in de buurt.", "No holiday parks nearby."),
    "panel.inside": ("in de buurt", "inside"),
    "panel.source": ("Bron", "Source"),
    "panel.col.year": ("Jaar", "Year"),
    "panel.col.corporation": ("Corporatie", "Corporation"),
    "panel.col.homes": ("Woningen", "Homes"),
}


def number(value: int, lang: str = "nl") -> str:
    """A whole number with the thousands separator of the language (3.323 / 3,323)."""
    text = f"{value:,}"
    return text.replace(",", ".") if lang == "nl" else text


def t(key: str, lang: str = "nl", /, **values: object) -> str:
    """The message `key` in `lang` with its placeholders filled in."""
    nl, en = MESSAGES[key]
    text = en if lang == "en" else nl
    return text.format(**values) if values else text
