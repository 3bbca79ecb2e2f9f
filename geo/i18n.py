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
    "vitality.unknown": ("nog niet beoordeeld", "not yet assessed"),
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
    "legend.sensitive_per_buurt": (
        "Sloop en verkoop staan per buurt in het paneel, niet per woning.",
        "Demolition and sale are shown per buurt in the panel, not per home.",
    ),
    # agreement workflow
    "app.panel": ("Paneel", "Panel"),
    "app.panel.facts": ("Buurtfeiten", "Buurt facts"),
    "app.panel.agreements": ("Afspraken", "Agreements"),
    "app.store_error": (
        "De afsprakenopslag is niet bereikbaar:",
        "The agreement store cannot be reached:",
    ),
    "access.sign_in": ("Inloggen", "Sign in"),
    "access.sign_out": ("Uitloggen", "Sign out"),
    "access.signed_in_as": ("Ingelogd als", "Signed in as"),
    "access.facilitator": ("Gespreksleider", "Facilitator"),
    "access.role": ("Rol of partij", "Role or party"),
    "access.name": ("Uw naam (voor het verslag)", "Your name (for the minutes)"),
    "access.code": ("Toegangscode", "Access code"),
    "access.viewer_note": (
        "Zonder inloggen ziet u alles wat besloten is. Partijen en de gespreksleider "
        "loggen in om voorstellen, standpunten en besluiten vast te leggen.",
        "Without signing in you see everything decided. Parties and the facilitator "
        "sign in to record proposals, positions and decisions.",
    ),
    "access.demo_codes": ("Democodes:", "Demo codes:"),
    "access.error.wrong": ("Onjuiste code.", "Wrong code."),
    "access.error.locked": (
        "Te vaak een onjuiste code. Probeer het over {seconds} seconden opnieuw.",
        "Too many wrong codes. Try again in {seconds} seconds.",
    ),
    "access.error.no_code": (
        "Voor deze rol is geen toegangscode ingesteld (zie README, Toegangscodes).",
        "No access code is configured for this role (see README, Access codes).",
    ),
    "access.error.role": ("Onbekende rol.", "Unknown role."),
    "access.error.short": ("De code is te kort.", "The code is too short."),
    "theme.liveability": ("aandachtsgebied leefbaarheid", "liveability attention area"),
    "theme.heat": ("warmtetransitie", "heat transition"),
    "theme.meeliften": ("meeliften-pilot", "meeliften pilot (private owners join)"),
    "theme.parks": ("vakantiepark", "holiday park"),
    "theme.other": ("overig", "other"),
    "position.agree": ("eens", "agree"),
    "position.disagree": ("oneens", "disagree"),
    "position.abstain": ("onthouding", "abstain"),
    "position.reservation": ("voorbehoud", "reservation"),
    "event.proposal": ("voorstel", "proposal"),
    "event.position": ("standpunt", "position"),
    "event.decision": ("besluit", "decision"),
    "event.correction": ("correctie", "correction"),
    "popup.opposed": ("Let op", "Note"),
    "popup.opposed_text": (
        "aangewezen terwijl een partij het oneens was",
        "designated while a party disagreed",
    ),
    "table.corporation_homes": ("Corporatiewoningen", "Corporation homes"),
    "table.private_homes": ("Particuliere woningen", "Private homes"),
    "table.heat_phasing": ("Warmtefasering", "Heat phasing"),
    "table.holiday_parks": ("Vakantieparken", "Holiday parks"),
    "table.attention_areas": ("Aandachtsgebieden (startwaarden)", "Attention areas (seed)"),
    "table.yearly_figures": ("Jaarcijfers", "Yearly figures"),
    "data.link": ("Gegevens en bronnen", "Data and sources"),
    "data.title": ("Gegevens", "Data"),
    "data.boundary_year": ("grenzen van", "boundaries of"),
    "data.col.table": ("Tabel", "Table"),
    "data.col.count": ("Aantal", "Count"),
    "data.col.file": ("Bestand", "File"),
    "data.col.source": ("Bron", "Source"),
    "data.col.date": ("Datum", "Date"),
    "data.col.licence": ("Licentie", "Licence"),
    "data.facilitator_only": (
        "Bestanden inlezen en de gegevensmap kiezen doet de gespreksleider (inloggen op de kaart).",
        "Importing files and choosing the data directory is for the facilitator "
        "(sign in on the map).",
    ),
    "data.import": ("Bestand inlezen", "Import a file"),
    "data.kind": ("Soort gegevens", "Kind of data"),
    "data.kind.boundaries": (
        "Buurt- en wijkgrenzen (nieuwe gegevensmap)",
        "Buurt and wijk boundaries (new data directory)",
    ),
    "data.kind.heat_phasing": ("Fasering warmtetransitie", "Heat-transition phasing"),
    "data.kind.holiday_parks": ("Vakantieparken", "Holiday parks"),
    "data.kind.addresses": ("Adressen uit een BAG-GeoPackage", "Addresses from a BAG GeoPackage"),
    "data.kind.corporation_homes": (
        "Corporatiewoningen (export van een corporatie)",
        "Corporation homes (a corporation's export)",
    ),
    "data.kind.labels": ("Energielabels (EP-Online CSV)", "Energy labels (EP-Online CSV)"),
    "data.gemeente": ("Gemeentecode", "Municipality code"),
    "data.file": ("Bestand", "File"),
    "data.mapping": (
        "Koppelbestand van hun kolomnamen naar de onze (TOML, optioneel)",
        "Mapping file from their column names to ours (TOML, optional)",
    ),
    "data.gemeente_needed": (
        "Vul eerst de CBS-gemeentecode in (GM en vier cijfers, bijvoorbeeld GM1731).",
        "First give the CBS municipality code (GM and four digits, e.g. GM1731).",
    ),
    "data.problems": (
        "{count} probleem/problemen gevonden. Er is niets gewijzigd.",
        "{count} problem(s) found. Nothing was changed.",
    ),
    "data.checked": (
        "Gecontroleerd op een kopie: {summary}. Nog niets vervangen.",
        "Checked on a copy: {summary}. Nothing replaced yet.",
    ),
    "data.apply": ("Vervangen in {target}", "Replace in {target}"),
    "data.applied": ("Ingelezen.", "Imported."),
    "data.demo_readonly": (
        "De demogegevens blijven zoals ze zijn. Lees eerst buurt- en wijkgrenzen in: "
        "dat maakt een eigen gegevensmap.",
        "The demo data stays as it is. Import buurt and wijk boundaries first: that "
        "makes a data directory of your own.",
    ),
    "data.active_title": ("Actieve gegevensmap", "Active data directory"),
    "data.active": ("Gegevensmap voor iedereen", "Data directory for everyone"),
    "data.switch": ("Deze map gebruiken", "Use this directory"),
    "data.fixed": (
        "De gegevensmap is vastgelegd met {env}.",
        "The data directory is fixed by {env}.",
    ),
    "summary.title": ("Verslag {municipality}, {day}", "Minutes {municipality}, {day}"),
    "summary.link": ("Sessieverslag", "Session summary"),
    "summary.day": ("Dag van de sessie", "Day of the session"),
    "summary.generated": ("Gemaakt op {when}", "Made on {when}"),
    "summary.decisions": ("Besluiten van deze dag", "Decisions of the day"),
    "summary.open": ("Voorstellen van deze dag, nog open", "Proposals of the day, still open"),
    "summary.map": ("Kaart van de gebieden", "Map of the areas"),
    "summary.none": ("Geen.", "None."),
    "summary.footer": (
        "Een besluit in de werksessie is een voorstel aan het bestuurlijk overleg. "
        "Grenzen: CBS / Kadaster (CC BY 4.0).",
        "A decision in the workshop is a proposal to the bestuurlijk overleg (board-level "
        "meeting). Boundaries: CBS / Kadaster (CC BY 4.0).",
    ),
    "summary.download": ("Verslag downloaden (HTML)", "Download the summary (HTML)"),
    "summary.print_help": (
        "Open het bestand in de browser en druk af (of bewaar als PDF).",
        "Open the file in a browser and print it (or save it as PDF).",
    ),
    "ws.new_proposal": ("Nieuw voorstel: gebieden kiezen", "New proposal: choose areas"),
    "ws.select_mode": ("Gebieden kiezen op de kaart", "Choose areas on the map"),
    "ws.select_help": (
        "Aan: een klik op de kaart voegt een gebied toe of haalt het weg. Uit: een klik "
        "toont de feiten van de buurt. Een gebied zonder grens tekent u met de "
        "veelhoek-knop links op de kaart.",
        "On: a click on the map adds or removes an area. Off: a click shows the buurt's "
        "facts. Draw an area that follows no boundary with the polygon button on the map.",
    ),
    "ws.select_level": ("Kies per", "Choose by"),
    "ws.level.buurt": ("buurt", "buurt"),
    "ws.level.wijk": ("wijk", "wijk"),
    "ws.level.drawn": ("getekend gebied", "drawn area"),
    "ws.drawn_new": ("Nieuw getekend gebied", "New drawn area"),
    "ws.drawn_name": ("Naam van het gebied", "Name of the area"),
    "ws.drawn_add": ("Toevoegen aan de keuze", "Add to the selection"),
    "ws.nothing_chosen": (
        "Nog geen gebieden gekozen. Zet 'Gebieden kiezen' aan en klik op de kaart.",
        "No areas chosen yet. Switch on 'Choose areas' and click the map.",
    ),
    "ws.chosen": ("Gekozen gebieden ({count})", "Chosen areas ({count})"),
    "ws.remove": ("Uit de keuze halen", "Remove from the selection"),
    "ws.clear": ("Keuze leegmaken", "Clear the selection"),
    "ws.propose": ("Voorstel voor {count} gebied(en)", "Proposal for {count} area(s)"),
    "ws.theme": ("Thema", "Theme"),
    "ws.reasons": ("Redenen", "Reasons"),
    "ws.reasons_help": (
        "Alleen voor een aandachtsgebied leefbaarheid.",
        "Only for a liveability attention area.",
    ),
    "ws.reasons_placeholder": ("Kies redenen", "Choose reasons"),
    "ws.note": ("Toelichting", "Note"),
    "ws.publish": ("Direct openbaar maken", "Publish now"),
    "ws.publish_help": (
        "Openbare voorstellen zijn ook zichtbaar voor kijkers (huurders, publiek).",
        "Published proposals are visible to viewers (tenants, the public) too.",
    ),
    "ws.publish_now": ("Voorstel openbaar maken", "Publish this proposal"),
    "ws.propose_button": ("Voorstel vastleggen", "Record proposal"),
    "ws.conflict": (
        "Niet opgeslagen: iemand anders heeft dit gebied intussen gewijzigd. Het scherm "
        "toont nu de nieuwe stand; bekijk die en leg het opnieuw vast.",
        "Not saved: someone else changed this area in the meantime. The screen now shows "
        "the new state; check it and record again.",
    ),
    "ws.denied": ("Niet toegestaan:", "Not allowed:"),
    "ws.refused": ("Niet opgeslagen:", "Not saved:"),
    "ws.saved": ("Vastgelegd.", "Recorded."),
    "ws.viewer_note": (
        "U ziet de besluiten en de openbare voorstellen. Partijen en de gespreksleider "
        "loggen in (zijbalk) om vast te leggen.",
        "You see the decisions and published proposals. Parties and the facilitator sign "
        "in (sidebar) to record.",
    ),
    "ws.agenda": ("Gebieden in {year}", "Areas in {year}"),
    "ws.no_cases": (
        "Nog niets voorgesteld of besloten voor {year}.",
        "Nothing proposed or decided for {year} yet.",
    ),
    "ws.area": ("Gebied", "Area"),
    "ws.no_position": ("nog niet", "not yet"),
    "ws.open_case": ("Bespreken", "Discuss"),
    "ws.choose_case": ("Kies een gebied…", "Choose an area…"),
    "ws.record_position": ("Standpunt vastleggen", "Record a position"),
    "ws.party": ("Partij", "Party"),
    "ws.position": ("Standpunt", "Position"),
    "ws.save_position": ("Standpunt opslaan", "Save position"),
    "ws.decide": ("Besluit vastleggen (gespreksleider)", "Record the decision (facilitator)"),
    "ws.opposed_warning": (
        "Oneens: {parties}. Een aanwijzing blijft mogelijk en wordt in het verslag gemarkeerd.",
        "Disagree: {parties}. A designation is still possible and is flagged in the minutes.",
    ),
    "ws.vision_help": (
        "Tekst of link naar de wijk- of buurtvisie.",
        "Text or link to the neighbourhood vision.",
    ),
    "ws.save_decision": ("Besluit opslaan", "Save decision"),
    "ws.correct": ("Corrigeren of ongedaan maken", "Correct or undo"),
    "ws.correct_help": (
        "Niets wordt gewist: een correctie is een nieuwe gebeurtenis die de oude vervangt.",
        "Nothing is deleted: a correction is a new event that supersedes the old one.",
    ),
    "ws.event": ("Gebeurtenis", "Event"),
    "ws.correct_action": ("Wat", "What"),
    "ws.correct.undo": ("ongedaan maken", "undo"),
    "ws.correct.change": ("wijzigen", "change"),
    "ws.correct.new_status": (
        "Nieuwe status (bij een besluit)",
        "New status (for a decision)",
    ),
    "ws.correct.new_position": (
        "Nieuw standpunt (bij een standpunt)",
        "New position (for a position)",
    ),
    "ws.save_correction": ("Correctie opslaan", "Save correction"),
    "ws.timeline": ("Tijdlijn van dit gebied (alle jaren)", "Timeline of this area (all years)"),
    "ws.when": ("Wanneer", "When"),
    "ws.what": ("Wat", "What"),
    "ws.by": ("Door", "By"),
    "ws.superseded_by": ("Vervangen door", "Superseded by"),
    "ws.undone": ("ongedaan gemaakt", "undone"),
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
