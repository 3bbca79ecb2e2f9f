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
    # the map's own controls (Leaflet names its buttons in English)
    "map.legend": ("Legenda", "Legend"),
    "map.zoom_in": ("Inzoomen", "Zoom in"),
    "map.zoom_out": ("Uitzoomen", "Zoom out"),
    "map.close": ("Sluiten", "Close"),
    "map.cluster": ("{count} woningen, klik om in te zoomen", "{count} homes, click to zoom in"),
    # the drawing tool of signed-in users (Leaflet.draw names it in English)
    "draw.polygon": ("Een gebied tekenen (veelhoek)", "Draw an area (polygon)"),
    "draw.rectangle": ("Een rechthoek tekenen", "Draw a rectangle"),
    "draw.cancel": ("Stoppen", "Cancel"),
    "draw.cancel_title": ("Stoppen met tekenen", "Cancel drawing"),
    "draw.finish": ("Klaar", "Finish"),
    "draw.finish_title": ("Het gebied afmaken", "Finish the area"),
    "draw.undo": ("Laatste punt weg", "Delete last point"),
    "draw.undo_title": ("Het laatst getekende punt weghalen", "Delete the last point drawn"),
    "draw.start": ("Klik om te beginnen met tekenen.", "Click to start drawing the area."),
    "draw.continue": ("Klik om verder te tekenen.", "Click to continue drawing."),
    "draw.end": (
        "Klik op het eerste punt om het gebied te sluiten.",
        "Click the first point to close the area.",
    ),
    "draw.cross": (
        "De randen van een gebied mogen elkaar niet kruisen.",
        "The edges of an area may not cross.",
    ),
    "draw.rectangle_start": (
        "Klik en sleep om een rechthoek te tekenen.",
        "Click and drag to draw a rectangle.",
    ),
    "draw.release": ("Laat de muisknop los om af te ronden.", "Release the mouse to finish."),
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
    "layer.meeliften": ("Meeliften particulieren", "Private owners joining"),
    "layer.discuss": ("Om te bespreken", "To discuss"),
    "legend.discuss.year": ("In {year}", "In {year}"),
    "legend.discuss.note": (
        "Klik op een symbool of gebied voor wat er te bespreken is.",
        "Click a symbol or area to see what there is to discuss.",
    ),
    "legend.meeliften.per_square": (
        "Kandidaat-woningen per vak van {size} m",
        "Candidate homes per {size} m square",
    ),
    "legend.meeliften.summary": (
        "{total} woningen in {squares} vakken · binnen {radius} m{street} · "
        "label {label} of slechter{unlabelled} · projecten {first}–{last}",
        "{total} homes in {squares} squares · within {radius} m{street} · "
        "label {label} or worse{unlabelled} · projects {first}–{last}",
    ),
    "legend.meeliften.privacy": (
        "Aantallen onder {n} woningen worden niet getoond.",
        "Counts below {n} homes are not shown.",
    ),
    "popup.no_label": ("geen label", "no label"),
    "popup.meeliften.title": ("{count} kandidaat-woningen", "{count} candidate homes"),
    "popup.meeliften.projects": ("Nabij project", "Near project"),
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
    "app.panel.facts": ("Buurt", "Buurt"),
    "app.panel.agreements": ("Afspraken", "Agreements"),
    "app.panel.meeliften": ("Meeliften", "Joining"),
    "mee.title": (
        "Meeliften: particulieren die kunnen aansluiten",
        "Private owners who could join",
    ),
    "mee.intro": (
        "Particuliere woningen bij projecten van de corporaties (verduurzaming of "
        "renovatie, per complex en jaar): dichtbij of in dezelfde straat, met een slecht "
        "of geen energielabel, en een vergelijkbare woning.",
        "Private homes near the corporations' projects (sustainability or renovation, per "
        "complex and year): close by or in the same street, with a poor or no energy "
        "label, and a similar dwelling.",
    ),
    "mee.choices": ("Keuzes aanpassen", "Adjust the choices"),
    "mee.summary": (
        "Projecten {first}–{last} · binnen {radius} m{street} · label {label} of "
        "slechter{unlabelled} · {similarity} ({era} jaar)",
        "Projects {first}–{last} · within {radius} m{street} · label {label} or "
        "worse{unlabelled} · {similarity} ({era} years)",
    ),
    "mee.summary.street": (" of dezelfde straat", " or the same street"),
    "mee.summary.unlabelled": (" of geen label", " or no label"),
    "mee.years": ("Projecten in de jaren", "Projects in the years"),
    "mee.radius": (
        "Loopafstand tot een projectwoning (meter)",
        "Walking distance to a project home (metres)",
    ),
    "mee.max_label": ("Energielabel dit of slechter", "Energy label this or worse"),
    "mee.unlabelled": ("Ook woningen zonder label", "Also homes without a label"),
    "mee.same_street": (
        "Ook verder weg in dezelfde straat",
        "Also further away in the same street",
    ),
    "mee.similarity": ("Vergelijkbare woning", "Similar dwelling"),
    "mee.similarity.type_or_era": ("zelfde soort of bouwperiode", "same kind or building period"),
    "mee.similarity.type": (
        "zelfde soort (grondgebonden/gestapeld)",
        "same kind (ground-level/stacked)",
    ),
    "mee.similarity.era": ("zelfde bouwperiode", "same building period"),
    "mee.similarity.any": ("maakt niet uit", "does not matter"),
    "mee.era": (
        "Bouwperiode: hoogstens zoveel jaar verschil",
        "Building period: at most this many years apart",
    ),
    "mee.total": ("Kandidaat-woningen", "Candidate homes"),
    "mee.privacy": (
        "Aantallen onder 5 woningen, en wat daaruit af te leiden is, worden niet getoond. "
        "Adressen ziet alleen de gespreksleider.",
        "Counts below 5 homes, and what they could be worked out from, are not shown. "
        "Only the facilitator sees addresses.",
    ),
    "mee.level.streets": ("Straten", "Streets"),
    "mee.level.buurten": ("Buurten", "Buurten"),
    "mee.level.projects": ("Projecten", "Projects"),
    "mee.level.candidates": ("Adressen", "Addresses"),
    "mee.none": (
        "Geen kandidaat-woningen met deze keuzes.",
        "No candidate homes with these choices.",
    ),
    "mee.col.rank": ("Nr.", "No."),
    "mee.col.street": ("Straat", "Street"),
    "mee.col.buurt": ("Buurt", "Buurt"),
    "mee.col.project": ("Project", "Project"),
    "mee.col.corporation": ("Corporatie", "Corporation"),
    "mee.col.year": ("Jaar", "Year"),
    "mee.col.project_homes": ("Projectwoningen", "Project homes"),
    "mee.col.streets": ("Straten", "Streets"),
    "mee.col.candidates": ("Kandidaten", "Candidates"),
    "mee.col.private_homes": ("Particuliere woningen", "Private homes"),
    "mee.col.share": ("Aandeel", "Share"),
    "mee.col.postcode": ("Postcode", "Postcode"),
    "mee.col.number": ("Huisnummer", "Number"),
    "mee.col.label": ("Label", "Label"),
    "mee.col.distance": ("Afstand (m)", "Distance (m)"),
    "mee.download_csv": ("Deze tabel downloaden (CSV)", "Download this table (CSV)"),
    "mee.download_xlsx": ("Alles downloaden (Excel)", "Download everything (Excel)"),
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
    "data.import": ("Gegevens inlezen", "Import data"),
    "data.kind": ("Soort gegevens", "Kind of data"),
    "data.kind.boundaries": (
        "Buurt- en wijkgrenzen (nieuwe gegevensmap)",
        "Buurt and wijk boundaries (new data directory)",
    ),
    "data.kind.heat_phasing": ("Fasering warmtetransitie", "Heat-transition phasing"),
    "data.kind.holiday_parks": ("Vakantieparken", "Holiday parks"),
    "data.kind.addresses": ("Adressen (BAG)", "Addresses (BAG)"),
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
    "data.discard": ("Niet gebruiken", "Discard"),
    "data.done.boundaries": (
        "{buurten} buurten en {wijken} wijken van {name}",
        "{buurten} buurten and {wijken} wijken of {name}",
    ),
    "data.done.heat_phasing": ("{count} gebieden met een fasering", "{count} phased areas"),
    "data.done.holiday_parks": ("{count} vakantieparken", "{count} holiday parks"),
    "data.done.addresses": ("{count} woningen uit de BAG", "{count} homes from the BAG"),
    "data.done.corporation_homes": (
        "{count} corporatiewoningen, waarvan {located} gevonden in de BAG",
        "{count} corporation homes, {located} of them found in the BAG",
    ),
    "data.done.labels": (
        "{rows} regels gelezen, {homes} woningen met een label",
        "{rows} rows read, {homes} homes labelled",
    ),
    "data.changed_meanwhile": (
        "De gegevensmap is sinds de controle door iemand anders gewijzigd. Er is niets "
        "vervangen: controleer het bestand opnieuw.",
        "Someone else changed the data directory since the check. Nothing was replaced: "
        "check the file again.",
    ),
    "data.checking": ("Bestand controleren op een kopie…", "Checking the file on a copy…"),
    "data.source": ("Bron", "Source"),
    "data.source.upload": ("Eigen bestand", "A file of your own"),
    "data.source.pdok": ("Ophalen bij PDOK (internet)", "Fetch from PDOK (internet)"),
    "data.year": ("Jaar van de grenzen", "Year of the boundaries"),
    "data.fetch": ("Ophalen en controleren", "Fetch and check"),
    "data.fetching": ("Ophalen bij PDOK", "Fetching from PDOK"),
    "data.fetching_page": (
        "Ophalen bij PDOK: pagina {page}, {count} objecten",
        "Fetching from PDOK: page {page}, {count} features",
    ),
    "data.fetched": ("Opgehaald en gecontroleerd", "Fetched and checked"),
    "data.fetch_failed": ("Ophalen of controleren mislukt", "Fetching or checking failed"),
    "data.upload_done": (
        "Dit bestand is al verwerkt. Kies een ander bestand om opnieuw te controleren.",
        "This file was dealt with. Choose another file to check again.",
    ),
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
    "ws.remove_hint": ("✕ haalt een gebied uit de keuze.", "✕ removes an area from the selection."),
    "ws.remove_area": ("{name} uit de keuze halen", "Remove {name} from the selection"),
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
    # monitoring page (mon.) and attention points (conflict.)
    "mon.page": ("Monitoring", "Monitoring"),
    "mon.link": ("Monitoring van de afspraken", "Monitoring the agreements"),
    "mon.title": (
        "Monitoring prestatieafspraken {municipality}",
        "Monitoring the performance agreements of {municipality}",
    ),
    "mon.intro": (
        "Per doel de stand aan het eind van {year} volgens de gegevens, tegenover wat "
        "volgens de afspraken verwacht mocht worden (naar rato over de looptijd). Alleen "
        "opgeleverde maatregelen tellen, geplande niet.",
        "Per target the position at the end of {year} according to the data, against what "
        "the agreements lead one to expect (pro rata over their term). Only completed "
        "measures count, planned ones do not.",
    ),
    "mon.lights": (
        "Stoplicht: ✔ op schema · ▲ achter · ✖ uit koers · – geen gegevens. De grenzen "
        "per doel staan in de configuratie.",
        "Traffic light: ✔ on track · ▲ behind · ✖ off track · – no data. The thresholds "
        "per target are in the configuration.",
    ),
    "mon.status.on_track": ("✔ op schema", "✔ on track"),
    "mon.status.behind": ("▲ achter", "▲ behind"),
    "mon.status.off_track": ("✖ uit koers", "✖ off track"),
    "mon.status.no_data": ("– geen gegevens", "– no data"),
    "mon.kind.stock": ("Woningvoorraad van de corporaties", "Corporation housing stock"),
    "mon.kind.sustainable": ("Verduurzaming", "Homes made sustainable"),
    "mon.kind.senior_homes": ("Geclusterde seniorenwoningen", "Clustered senior homes"),
    "mon.kind.rent_cap": ("Betaalbaar toewijzen", "Affordable lettings"),
    "mon.kind.refugee_split": (
        "Huisvesting statushouders",
        "Housing refugees with a residence permit",
    ),
    "mon.no_targets": (
        "Er zijn geen doelen ingesteld (configuratie: [[targets]]).",
        "No targets are configured (configuration: [[targets]]).",
    ),
    "mon.title.stock": ("Voorraad {corporation}", "Stock of {corporation}"),
    "mon.title.stock_all": ("Voorraad alle corporaties", "Stock of all corporations"),
    "mon.title.sustainable": ("{corporation}: {amount}", "{corporation}: {amount}"),
    "mon.title.sustainable_all": ("Alle corporaties: {amount}", "All corporations: {amount}"),
    "mon.amount.per_year": ("ca. {count} woningen per jaar", "about {count} homes a year"),
    "mon.amount.total": (
        "ca. {count} woningen in {first}–{last}",
        "about {count} homes in {first}–{last}",
    ),
    "mon.measures": ("telt: {measures}", "counts: {measures}"),
    "mon.milestone": ("{count} in {year}", "{count} by {year}"),
    "mon.title.senior_homes": ("Opgeleverd: {goals}", "Completed: {goals}"),
    "mon.title.rent_first": (
        "Minstens {share} onder de eerste aftoppingsgrens",
        "At least {share} below the first rent cap",
    ),
    "mon.title.rent_second": (
        "Minstens {share} onder de tweede aftoppingsgrens",
        "At least {share} below the second rent cap",
    ),
    "mon.title.refugees": ("{corporation}: {share}", "{corporation}: {share}"),
    "mon.fraction.third": ("een derde", "one third"),
    "mon.fraction.two_thirds": ("twee derde", "two thirds"),
    "mon.fraction.half": ("de helft", "half"),
    "mon.indicator.lettings_total": ("alle verhuringen", "all lettings"),
    "mon.indicator.lettings_below_first_cap": (
        "verhuringen onder de eerste aftoppingsgrens",
        "lettings below the first rent cap",
    ),
    "mon.indicator.lettings_below_second_cap": (
        "verhuringen onder de tweede aftoppingsgrens",
        "lettings below the second rent cap",
    ),
    "mon.indicator.refugees_housed_persons": (
        "gehuisveste statushouders (personen)",
        "refugees housed (persons)",
    ),
    "mon.indicator.clustered_senior_homes_completed": (
        "opgeleverde geclusterde seniorenwoningen",
        "clustered senior homes completed",
    ),
    "mon.fewer": ("minder dan {n}", "fewer than {n}"),
    "mon.actual.level": ("Eind {year}", "End of {year}"),
    "mon.actual.done": ("Opgeleverd {first}–{year}", "Completed {first}–{year}"),
    "mon.actual.share": ("Aandeel {year}", "Share {year}"),
    "mon.expected": ("Verwacht: {value}", "Expected: {value}"),
    "mon.expected.share": ("Norm: {value}", "Norm: {value}"),
    "mon.change": (
        "verandering sinds begin: {actual} (verwacht {expected})",
        "change since the start: {actual} (expected {expected})",
    ),
    "mon.fulfilment": (
        "{percent} van wat verwacht werd",
        "{percent} of what was expected",
    ),
    "mon.moves": (
        "Sinds 1-1-{first}: {built} opgeleverd, {demolished} gesloopt, {sold} verkocht.",
        "Since 1-1-{first}: {built} built, {demolished} demolished, {sold} sold.",
    ),
    "mon.moves.agreed": (
        "Afspraak {first}–{last}: {start} → {end}.",
        "Agreement {first}–{last}: {start} → {end}.",
    ),
    "mon.moves.agreed_detail": (
        "Afspraak {first}–{last}: {start} → {end} ({added} erbij, {sold} verkocht).",
        "Agreement {first}–{last}: {start} → {end} ({added} added, {sold} sold).",
    ),
    "mon.moves.agreed_replaced": (
        "Afspraak {first}–{last}: {start} → {end} ({added} erbij, {replaced} gesloopt en "
        "vervangen, {sold} verkocht).",
        "Agreement {first}–{last}: {start} → {end} ({added} added, {replaced} demolished "
        "and replaced, {sold} sold).",
    ),
    "mon.lettings": ("{below} van {total} verhuringen", "{below} of {total} lettings"),
    "mon.limit": ("Grens {year}: € {amount}", "Cap {year}: € {amount}"),
    "mon.persons": ("{persons} van {total} personen", "{persons} of {total} persons"),
    "mon.this_year": ("waarvan {count} in {year}", "of which {count} in {year}"),
    "mon.note.not_started": ("Dit doel begint in {first}.", "This target starts in {first}."),
    "mon.note.no_homes": (
        "Geen cijfer: de gegevens hebben geen corporatiewoningen van {corporation}.",
        "No figure: the data has no corporation homes of {corporation}.",
    ),
    "mon.note.no_measures": (
        "Geen cijfer: de gegevens hebben geen enkele maatregel van {corporation}.",
        "No figure: the data has no measures of {corporation} at all.",
    ),
    "mon.note.no_yearly_figures": (
        "Geen cijfer: de gegevensmap heeft geen jaarcijfers (yearly_figures).",
        "No figure: the data directory has no yearly figures (yearly_figures).",
    ),
    "mon.note.no_figure": (
        "Geen cijfer in de jaarcijfers: {indicator} ontbreekt voor {which}.",
        "No figure in the yearly figures: {indicator} missing for {which}.",
    ),
    "mon.note.no_lettings": (
        "Geen cijfer: geen verhuringen in {year}, dus geen aandeel.",
        "No figure: no lettings in {year}, so no share.",
    ),
    "mon.note.no_refugees": (
        "Geen cijfer: geen statushouders gehuisvest in {year}, dus geen verdeling.",
        "No figure: no refugees housed in {year}, so no split.",
    ),
    "mon.note.start_differs": (
        "De gegevens tellen {data} woningen op 1 januari {first}, de afspraak {agreed}; "
        "het stoplicht meet de verandering sinds dan.",
        "The data counts {data} homes on 1 January {first}, the agreement {agreed}; the "
        "traffic light measures the change since then.",
    ),
    "mon.note.undated": (
        "{count} woningen staan op gereed zonder jaar van oplevering: die tellen niet mee.",
        "{count} homes are marked done without a completion year: they are not counted.",
    ),
    "mon.note.second_below_first": (
        "Let op: in {year} staan minder verhuringen onder de tweede dan onder de eerste "
        "grens. Dat kan niet (de tweede grens is hoger): controleer de jaarcijfers.",
        "Note: {year} has fewer lettings below the second cap than below the first. "
        "That cannot be (the second cap is higher): check the yearly figures.",
    ),
    "mon.chart.year": ("Jaar", "Year"),
    "mon.chart.homes": ("Woningen", "Homes"),
    "mon.chart.share": ("Aandeel", "Share"),
    "mon.chart.series": ("Reeks", "Series"),
    "mon.chart.actual": ("gegevens", "data"),
    "mon.chart.expected": ("afspraak (naar rato)", "agreement (pro rata)"),
    "mon.chart.start": ("1-1-{year}", "1-1-{year}"),
    "mon.chart.year_end": ("Stand eind van het jaar", "Position at the end of the year"),
    "mon.chart.cumulative": ("Opgeleverd sinds {first}", "Completed since {first}"),
    "mon.chart.per_year": ("Opgeleverd per jaar", "Completed per year"),
    "mon.chart.per_year_target": ("afspraak per jaar", "agreed per year"),
    "mon.chart.phase": ("Warmtefasering van het gebied", "Heat phasing of the area"),
    "mon.chart.hidden": (
        "Aantallen van 1 tot 4 woningen (en wat ze zou verraden) zijn niet uitgesplitst: "
        "ze staan samen in het grijze deel van de staaf.",
        "Counts of 1 to 4 homes (and what would give them away) are not split: they are "
        "together in the grey part of the bar.",
    ),
    "mon.chart.cap": ("Grens", "Cap"),
    "mon.chart.cap.first": ("onder eerste grens", "below first cap"),
    "mon.chart.cap.second": ("onder tweede grens", "below second cap"),
    "mon.chart.norm": ("norm", "norm"),
    "mon.chart.corporation": ("Corporatie", "Corporation"),
    "mon.chart.agreed_share": ("afgesproken aandeel", "agreed share"),
    "mon.chart.tick_help": (
        "Het zwarte streepje bij elke staaf is het afgesproken aandeel van die corporatie.",
        "The black tick on each bar is the share agreed for that corporation.",
    ),
    "mon.chart.no_data": (
        "Geen grafiek: er zijn geen cijfers voor deze jaren.",
        "No chart: there are no figures for these years.",
    ),
    "mon.chart.alt.stock": (
        "Lijngrafiek: woningvoorraad per jaar volgens de gegevens en volgens de afspraak.",
        "Line chart: housing stock per year according to the data and to the agreement.",
    ),
    "mon.chart.alt.sustainable": (
        "Staafgrafiek: verduurzaamde woningen per jaar, naar warmtefasering van het gebied, "
        "met de afspraak per jaar als lijn.",
        "Bar chart: homes made sustainable per year, by heat phasing of the area, with the "
        "agreed number per year as a line.",
    ),
    "mon.chart.alt.senior_homes": (
        "Lijngrafiek: opgeleverde geclusterde seniorenwoningen opgeteld, tegen de afspraak.",
        "Line chart: clustered senior homes completed, cumulative, against the agreement.",
    ),
    "mon.chart.alt.rent_cap": (
        "Lijngrafiek: aandeel verhuringen onder de aftoppingsgrenzen per jaar, met de normen.",
        "Line chart: share of lettings below the rent caps per year, with the norms.",
    ),
    "mon.chart.alt.refugee_split": (
        "Staafgrafiek: verdeling van gehuisveste statushouders per corporatie per jaar.",
        "Bar chart: split of refugees housed per corporation per year.",
    ),
    "mon.phase.current": ("fase loopt nu", "phase running now"),
    "mon.phase.earlier": ("fase voorbij", "phase over"),
    "mon.phase.later": ("fase komt later", "phase comes later"),
    "mon.phase.undecided": ("warmtestrategie onbekend", "heat strategy unknown"),
    "mon.phase.none": ("geen fasering of locatie", "no phasing or location"),
    "mon.phase.hidden": ("niet uitgesplitst (kleine aantallen)", "not split (small numbers)"),
    "conflict.title": ("Om te bespreken in {year}", "To discuss in {year}"),
    "conflict.intro": (
        "Knelpunten en aandachtspunten uit de gegevens. Elk punt opent het gebied op de kaart.",
        "Conflicts and points of attention found in the data. Each item opens the area on the map.",
    ),
    "conflict.kind.regret": (
        "Nieuwe verwarming vóór de warmtekeuze (kans op spijtinvesteringen)",
        "Heating changes ahead of the heat strategy (risk of regret investments)",
    ),
    "conflict.kind.no_vision": (
        "Aandachtsgebieden zonder wijk- of buurtvisie",
        "Attention areas without a neighbourhood vision",
    ),
    "conflict.kind.park": (
        "Niet-vitale vakantieparken met huishoudens uit de doelgroep",
        "Non-vital holiday parks with target-group households",
    ),
    "conflict.kind.labels": (
        "Veel slechte energielabels, geen corporatieproject in de buurt",
        "Many poor energy labels, no corporation project near",
    ),
    "conflict.text.regret.undecided": (
        "{area}: {homes} woningen met een nieuwe verwarming gepland in {year} ({measures}; "
        "{corporations}), terwijl de warmtestrategie nog onbekend is (fase {period}).",
        "{area}: {homes} homes with a new heating system planned in {year} ({measures}; "
        "{corporations}), while the heat strategy is still unknown (phase {period}).",
    ),
    "conflict.text.regret.later": (
        "{area}: {homes} woningen met een nieuwe verwarming gepland in {year} ({measures}; "
        "{corporations}), terwijl het gebied pas in {period} aan de beurt is ({strategy}).",
        "{area}: {homes} homes with a new heating system planned in {year} ({measures}; "
        "{corporations}), while the area's turn only comes in {period} ({strategy}).",
    ),
    "conflict.text.regret.none": (
        "{area}: {homes} woningen met een nieuwe verwarming gepland in {year} ({measures}; "
        "{corporations}), terwijl het gebied geen warmtefasering heeft.",
        "{area}: {homes} homes with a new heating system planned in {year} ({measures}; "
        "{corporations}), while the area has no heat phasing.",
    ),
    "conflict.text.no_vision": (
        "{area}: aangewezen voor {year} ({reasons}; trekker {lead}), maar zonder wijk- of "
        "buurtvisie.",
        "{area}: designated for {year} ({reasons}; lead {lead}), but without a "
        "neighbourhood vision.",
    ),
    "conflict.no_reasons": ("geen redenen genoemd", "no reasons given"),
    "conflict.text.park": (
        "{park} (buurt {buurt}): {vitality}, {households} huishoudens uit de doelgroep van "
        "de corporaties.",
        "{park} (buurt {buurt}): {vitality}, {households} households of the corporations' "
        "target group.",
    ),
    "conflict.text.labels": (
        "{area}: {homes} particuliere woningen met label {label} of slechter ({share} van "
        "alle particuliere woningen) zonder verduurzamings- of renovatieproject van een "
        "corporatie binnen {radius} m in {first}–{last}.",
        "{area}: {homes} private homes labelled {label} or worse ({share} of all private "
        "homes) with no corporation sustainability or renovation project within {radius} m "
        "in {first}–{last}.",
    ),
    "conflict.link": ("{area} op de kaart", "{area} on the map"),
    "conflict.no_link": ("(niet op de kaart te vinden)", "(not found on the map)"),
    "conflict.none": ("Niets gevonden.", "Nothing found."),
    "conflict.no_heat": (
        "Geen warmtefasering in de gegevens: spijtinvesteringen zijn niet te beoordelen.",
        "No heat phasing in the data: regret investments cannot be assessed.",
    ),
    "conflict.store_fallback": (
        "De afsprakenopslag is niet bereikbaar: de aandachtsgebieden komen uit het "
        "bestand attention_areas.",
        "The agreement store cannot be reached: the attention areas come from the "
        "attention_areas file.",
    ),
    # presentation mode and agenda items (ui/presentation.py, ui/agenda.py)
    "present.on": ("Presentatie (groot scherm)", "Presentation (big screen)"),
    "present.close": ("Sluiten", "Close"),
    "present.no_layers": ("geen kaartlagen aan", "no layers on"),
    "agenda.title": ("Agendapunten ({n})", "Agenda items ({n})"),
    "agenda.start": ("{n} agendapunten: ▶ voor het eerste", "{n} agenda items: ▶ for the first"),
    "agenda.position": ("{n} van {total}", "{n} of {total}"),
    "agenda.previous": ("Vorig agendapunt", "Previous agenda item"),
    "agenda.next": ("Volgend agendapunt", "Next agenda item"),
    "agenda.up": ("{title}: eerder op de agenda", "{title}: earlier on the agenda"),
    "agenda.down": ("{title}: later op de agenda", "{title}: later on the agenda"),
    "agenda.remove": ("{title}: van de agenda halen", "{title}: remove from the agenda"),
    "agenda.arrange": (
        "↑ eerder op de agenda · ↓ later · ✕ van de agenda halen",
        "↑ earlier on the agenda · ↓ later · ✕ remove from the agenda",
    ),
    "agenda.new_title": ("Titel van een nieuw agendapunt", "Title of a new agenda item"),
    "agenda.theme": ("Thema", "Theme"),
    "agenda.error.no_title": ("Geef het agendapunt een titel.", "Give the agenda item a title."),
    "agenda.error.too_long": (
        "Een titel heeft hoogstens {n} tekens.",
        "A title has at most {n} characters.",
    ),
    "agenda.error.not_facilitator": (
        "Alleen de gespreksleider maakt en ordent de agenda.",
        "Only the facilitator makes and arranges the agenda.",
    ),
    "agenda.error.missing": (
        "Dit agendapunt bestaat niet meer (net verwijderd?).",
        "This agenda item no longer exists (just removed?).",
    ),
    "agenda.error.full": (
        "De agenda heeft al {n} punten: verwijder er eerst een.",
        "The agenda already has {n} items: remove one first.",
    ),
    "agenda.no_theme": ("— geen thema —", "— no theme —"),
    "agenda.save": ("Deze weergave opslaan", "Save this view"),
    "agenda.save_help": (
        "Slaat jaar, kaartlagen, buurt, paneel, gekozen gebieden en de uitsnede van de "
        "kaart op. Elk agendapunt is ook een link.",
        "Saves the year, layers, buurt, panel, chosen areas and where the map looks. "
        "Every agenda item is also a link.",
    ),
    "conflict.overview": ("Gebieden om te bespreken", "Areas to discuss"),
    "conflict.area": ("Gebied", "Area"),
    "conflict.overview_alt": (
        "Kaart van de gemeente met de gebieden om te bespreken, gekleurd per soort.",
        "Map of the municipality with the areas to discuss, coloured by kind.",
    ),
    # --- search (geo/search.py, ui/search_box.py) and the neighbourhood page
    # (geo/neighbourhood.py, ui/neighbourhood_page.py): plain Dutch, language level B1
    "search.label": (
        "Zoek een dorp, buurt of postcode",
        "Find a village, neighbourhood or postcode",
    ),
    "search.placeholder": ("Typ een naam of postcode", "Type a name or postcode"),
    "search.help": (
        "Typ een paar letters of de cijfers van de postcode. De lijst past zich aan terwijl "
        "u typt. Kies dan een regel.",
        "Type a few letters or the digits of the postcode. The list changes as you type. "
        "Then choose a line.",
    ),
    "search.kind.buurt": ("buurt", "neighbourhood"),
    "search.kind.village": ("dorp", "village"),
    "search.kind.wijk": ("wijk", "district"),
    "search.kind.postcode": ("postcode", "postcode"),
    "search.option.one": ("{name} — {kind}", "{name} — {kind}"),
    "search.option.in": ("{name} — {kind} in {place}", "{name} — {kind} in {place}"),
    "search.option.many": (
        "{name} — {kind}, {count} buurten",
        "{name} — {kind}, {count} neighbourhoods",
    ),
    "search.choose": (
        "{name} ligt in {count} buurten. Kies een buurt:",
        "{name} lies in {count} neighbourhoods. Choose one:",
    ),
    "search.results": ("Gevonden voor ‘{query}’:", "Found for ‘{query}’:"),
    "search.none": (
        "Niets gevonden voor ‘{query}’. Probeer een deel van de naam, of alleen de vier "
        "cijfers van de postcode.",
        "Nothing found for ‘{query}’. Try part of the name, or only the four digits of the "
        "postcode.",
    ),
    "nb.link": ("Buurtpagina om te delen", "Neighbourhood page to share"),
    "nb.intro": (
        "Hier leest u wat de gemeente, de woningcorporaties en de huurders hebben "
        "afgesproken over de buurten van {municipality}.",
        "Here you can read what the municipality, the housing corporations and the tenants "
        "have agreed about the neighbourhoods of {municipality}.",
    ),
    "nb.start": (
        "Zoek hierboven uw dorp, buurt of postcode. Dan ziet u wat er in uw buurt gebeurt.",
        "Search for your village, neighbourhood or postcode above. Then you see what "
        "happens in your neighbourhood.",
    ),
    "nb.unknown": (
        "Deze buurt staat niet in de gegevens (code {code}). Misschien is de link oud of "
        "niet helemaal goed. Zoek de buurt hierboven.",
        "This neighbourhood is not in the data (code {code}). Perhaps the link is old or "
        "not quite right. Search for the neighbourhood above.",
    ),
    "nb.where": (
        "Buurt in {wijk}, gemeente {municipality}",
        "Neighbourhood in {wijk}, municipality of {municipality}",
    ),
    "nb.code": ("Buurtcode {code}", "Neighbourhood code {code}"),
    "nb.map_link": ("Naar de kaart", "To the map"),
    "nb.to_map": ("Bekijk deze buurt op de kaart", "See this neighbourhood on the map"),
    "nb.jump_map": ("Naar de kaart van de buurt", "Go to the map of the neighbourhood"),
    "nb.pdf": (
        "Deze pagina als PDF (A4), om te printen",
        "This page as a PDF (A4), to print",
    ),
    "print.ui.title": ("Afdrukken", "Print"),
    "print.ui.map": ("Kaart als PDF ({size})", "Map as PDF ({size})"),
    "print.ui.help": (
        "De kaart van het gekozen jaar met de aangezette lagen, legenda, schaal, "
        "noordpijl, bronnen en datum.",
        "The map of the chosen year with the layers that are on, legend, scale, north "
        "arrow, sources and date.",
    ),
    "nb.share": (
        "Wilt u deze pagina delen? Kopieer de link uit de adresbalk.",
        "Want to share this page? Copy the link from the address bar.",
    ),
    "nb.map": ("Kaart van de buurt", "Map of the neighbourhood"),
    "nb.map_help": (
        "De buurt heeft een zwarte stippellijn. De gekleurde tekens zijn vakantieparken.",
        "The neighbourhood has a black dashed line. The coloured signs are holiday parks.",
    ),
    "nb.fewer": ("minder dan {n}", "fewer than {n}"),
    "nb.homes.title": ("Huurwoningen van corporaties", "Homes of housing corporations"),
    "nb.homes.total": (
        "In {year} hebben de woningcorporaties hier {count} huurwoningen.",
        "In {year} the housing corporations have {count} rented homes here.",
    ),
    "nb.homes.none": (
        "In {year} hebben de woningcorporaties hier geen huurwoningen.",
        "In {year} the housing corporations have no rented homes here.",
    ),
    "nb.homes.of": ("{corporation}: {count} woningen", "{corporation}: {count} homes"),
    "nb.plans.title": ("Wat er gaat gebeuren", "What is going to happen"),
    "nb.plans.none": (
        "De corporaties hebben hier geen werk aan de woningen gepland.",
        "The corporations have not planned any work on the homes here.",
    ),
    "nb.plans.done_title": ("Wat al klaar is", "What is already done"),
    "nb.plans.in_year": ("In {year}", "In {year}"),
    "nb.plans.late_year": (
        "Gepland voor {year}, nog niet klaar",
        "Planned for {year}, not done yet",
    ),
    "nb.plans.words": (
        "Duurzamer maken: de woning heeft minder energie nodig, bijvoorbeeld door isolatie "
        "of zonnepanelen. Renovatie: de woning wordt grondig opgeknapt.",
        "More sustainable: the home needs less energy, for example through insulation or "
        "solar panels. Renovation: the home is thoroughly done up.",
    ),
    "nb.plans.planned.verduurzaming": (
        "{corporation} maakt {count} woningen duurzamer.",
        "{corporation} makes {count} homes more sustainable.",
    ),
    "nb.plans.planned.renovatie": (
        "{corporation} knapt {count} woningen grondig op (renovatie).",
        "{corporation} thoroughly renovates {count} homes.",
    ),
    "nb.plans.planned.sloop": (
        "{corporation} gaat {count} woningen slopen.",
        "{corporation} is going to demolish {count} homes.",
    ),
    "nb.plans.planned.nieuwbouw": (
        "{corporation} bouwt {count} nieuwe woningen.",
        "{corporation} builds {count} new homes.",
    ),
    "nb.plans.planned.verkoop": (
        "{corporation} gaat {count} woningen verkopen.",
        "{corporation} is going to sell {count} homes.",
    ),
    "nb.plans.done.verduurzaming": (
        "{corporation} heeft {count} woningen duurzamer gemaakt.",
        "{corporation} has made {count} homes more sustainable.",
    ),
    "nb.plans.done.renovatie": (
        "{corporation} heeft {count} woningen grondig opgeknapt.",
        "{corporation} has thoroughly renovated {count} homes.",
    ),
    "nb.plans.done.sloop": (
        "{corporation} heeft {count} woningen gesloopt.",
        "{corporation} has demolished {count} homes.",
    ),
    "nb.plans.done.nieuwbouw": (
        "{corporation} heeft {count} nieuwe woningen gebouwd.",
        "{corporation} has built {count} new homes.",
    ),
    "nb.plans.done.verkoop": (
        "{corporation} heeft {count} woningen verkocht.",
        "{corporation} has sold {count} homes.",
    ),
    "nb.plans.privacy": (
        "Aantallen onder de {n} woningen noemen we niet. Sloop en verkoop staan hier per "
        "buurt, niet per adres. Gaat het om uw eigen woning? Dan hoort u dat altijd eerst "
        "van uw corporatie.",
        "Numbers below {n} homes are not given. Demolition and sale are shown per "
        "neighbourhood, not per address. Is it about your own home? Then you always hear "
        "it first from your corporation.",
    ),
    "nb.heat.title": ("Van het aardgas af", "Moving away from natural gas"),
    "nb.heat.explain": (
        "Dit heet de warmtetransitie. Huizen stoppen stap voor stap met aardgas. De "
        "gemeente heeft per wijk een plan: wanneer het gebeurt, en hoe de huizen dan warm "
        "worden.",
        "This is called the heat transition. Step by step, homes stop using natural gas. "
        "The municipality has a plan for each district: when it happens, and how the "
        "homes will be heated.",
    ),
    "nb.heat.none": (
        "Voor deze buurt is nog geen plan bekend.",
        "No plan is known for this neighbourhood yet.",
    ),
    "nb.heat.way": ("Hoe: {strategy}.", "How: {strategy}."),
    "nb.heat.means.warmtenet": (
        "De huizen krijgen warmte van een warmtenet. Dat is warm water dat door buizen "
        "onder de straat komt. Er komt dan geen gas meer in huis. U kookt elektrisch.",
        "The homes get their heat from a heat network: hot water that comes through pipes "
        "under the street. No more gas comes into the home. You cook on electricity.",
    ),
    "nb.heat.means.all-electric": (
        "De huizen worden goed geïsoleerd en krijgen een elektrische warmtepomp. Er komt "
        "dan geen gas meer in huis. U kookt elektrisch.",
        "The homes are well insulated and get an electric heat pump. No more gas comes "
        "into the home. You cook on electricity.",
    ),
    "nb.heat.means.hybride": (
        "De huizen krijgen een warmtepomp naast de cv-ketel. De warmtepomp doet het "
        "meeste werk. Zo gebruikt het huis veel minder gas.",
        "The homes get a heat pump next to the gas boiler. The heat pump does most of "
        "the work. That way the home uses much less gas.",
    ),
    "nb.heat.means.groengas": (
        "De huizen houden gas, maar dat wordt groen gas. Dat wordt bijvoorbeeld gemaakt "
        "van mest of groenafval. Vaak worden de huizen ook beter geïsoleerd.",
        "The homes keep gas, but it becomes green gas. It is made from manure or garden "
        "waste, for example. Often the homes are also better insulated.",
    ),
    "nb.heat.means.onbekend": (
        "Er is nog niet gekozen hoe de huizen hier straks warm worden. Tot die keuze "
        "blijft de cv-ketel. Isoleren kan wel al.",
        "It has not yet been decided how the homes here will be heated. Until then the "
        "gas boiler stays. Insulation can already be done.",
    ),
    "nb.heat.phase.later": (
        "Deze buurt is aan de beurt in {start} tot en met {end}. Tot die tijd verandert "
        "er door dit plan niets aan uw verwarming.",
        "This neighbourhood's turn comes in {start} to {end}. Until then this plan does "
        "not change anything about your heating.",
    ),
    "nb.heat.phase.current": (
        "Deze buurt is nu aan de beurt: van {start} tot en met {end}.",
        "It is this neighbourhood's turn now: from {start} to {end}.",
    ),
    "nb.heat.phase.earlier": (
        "Deze buurt was aan de beurt van {start} tot en met {end}. Die tijd is voorbij.",
        "This neighbourhood's turn was from {start} to {end}. That time is over.",
    ),
    "nb.heat.plan.verkenning": (
        "De gemeente onderzoekt nog wat hier het beste past.",
        "The municipality is still looking into what suits this area best.",
    ),
    "nb.heat.plan.uitvoeringsplan": (
        "Er wordt nu een plan gemaakt voor het werk.",
        "A plan for the work is being made now.",
    ),
    "nb.heat.plan.uitvoering": ("Het werk is begonnen.", "The work has started."),
    "nb.heat.plan.afgerond": ("Het werk is klaar.", "The work is done."),
    "nb.heat.own": (
        "Voor deze buurt geldt een eigen plan, anders dan voor de rest van de wijk.",
        "This neighbourhood has a plan of its own, different from the rest of the district.",
    ),
    "nb.heat.tenant": (
        "Huurt u van een woningcorporatie? Dan regelt de corporatie het werk aan uw "
        "woning. Zij vertelt u ruim van tevoren wat er gaat gebeuren.",
        "Do you rent from a housing corporation? Then the corporation arranges the work "
        "on your home. It tells you well in advance what is going to happen.",
    ),
    "nb.att.title": ("Extra aandacht voor de buurt", "Extra attention for the neighbourhood"),
    "nb.att.explain": (
        "Soms spreken de gemeente, de woningcorporaties en de huurders af dat een buurt "
        "extra aandacht krijgt. Dat heet een aandachtsgebied. Ze werken daar dan samen "
        "aan prettig wonen: aan de huizen, de straat, de veiligheid of het contact tussen "
        "buren.",
        "Sometimes the municipality, the housing corporations and the tenants agree that "
        "a neighbourhood gets extra attention. This is called an attention area. There "
        "they work together on a pleasant place to live: the homes, the street, safety or "
        "contact between neighbours.",
    ),
    "nb.att.status.designated": (
        "In {year} is deze buurt een aandachtsgebied.",
        "In {year} this neighbourhood is an attention area.",
    ),
    "nb.att.status.proposed": (
        "Er is voorgesteld om deze buurt in {year} een aandachtsgebied te maken. Daarover "
        "is nog niet besloten.",
        "It has been proposed to make this neighbourhood an attention area in {year}. No "
        "decision has been made yet.",
    ),
    "nb.att.status.postponed": (
        "Het besluit over extra aandacht in {year} is uitgesteld.",
        "The decision about extra attention in {year} has been postponed.",
    ),
    "nb.att.status.rejected": (
        "Er is besloten dat deze buurt in {year} geen aandachtsgebied wordt.",
        "It was decided that this neighbourhood will not be an attention area in {year}.",
    ),
    "nb.att.status.ended": (
        "In {year} is de extra aandacht voor deze buurt gestopt.",
        "In {year} the extra attention for this neighbourhood ended.",
    ),
    "nb.att.none": (
        "In {year} is deze buurt geen aandachtsgebied.",
        "In {year} this neighbourhood is not an attention area.",
    ),
    "nb.att.via": (
        "Dit geldt voor het hele gebied {area}. Deze buurt hoort daarbij.",
        "This applies to the whole area {area}. This neighbourhood is part of it.",
    ),
    "nb.att.reasons": ("Waarom: {reasons}.", "Why: {reasons}."),
    "nb.att.reason.social": (
        "hoe mensen in de buurt samenleven",
        "how people in the neighbourhood live together",
    ),
    "nb.att.reason.physical": ("de huizen en de straten", "the homes and the streets"),
    "nb.att.reason.safety": ("veiligheid", "safety"),
    "nb.att.lead": ("Wie het werk leidt: {party}.", "Who leads the work: {party}."),
    "nb.att.vision": ("Wat er is afgesproken: {vision}", "What was agreed: {vision}"),
    "nb.att.note": ("Toelichting: {note}", "Note: {note}"),
    "nb.att.history": (
        "Eerder was deze buurt ook een aandachtsgebied: in {years}.",
        "Before, this neighbourhood was an attention area too: in {years}.",
    ),
    "nb.att.later": (
        "Er is al besloten dat deze buurt ook in {years} een aandachtsgebied is.",
        "It has already been decided that this neighbourhood is an attention area in {years} too.",
    ),
    "nb.and": ("en", "and"),
    "nb.parks.title": ("Vakantieparken in de buurt", "Holiday parks nearby"),
    "nb.parks.intro": (
        "Parken in deze buurt of tot {km} km ervandaan. Op sommige parken wonen mensen "
        "vast. De gemeente kijkt per park hoe het ervoor staat.",
        "Parks in this neighbourhood or up to {km} km away. Some people live on a park "
        "all year round. The municipality checks how each park is doing.",
    ),
    "nb.parks.none": (
        "Er zijn geen vakantieparken binnen {km} km.",
        "There are no holiday parks within {km} km.",
    ),
    "nb.parks.inside": ("{name} ligt in deze buurt.", "{name} is in this neighbourhood."),
    "nb.parks.near": ("{name} ligt op {distance} km.", "{name} is {distance} km away."),
    "nb.parks.vitality.vitaal": ("Het park doet het goed.", "The park is doing well."),
    "nb.parks.vitality.kansrijk": (
        "Het park kan het met wat hulp weer goed doen.",
        "With some help, the park can do well again.",
    ),
    "nb.parks.vitality.niet-vitaal": (
        "Het park doet het niet goed. De gemeente zoekt met de eigenaar naar een oplossing.",
        "The park is not doing well. The municipality looks for a solution with the owner.",
    ),
    "nb.parks.vitality.transformatie": (
        "Het park krijgt waarschijnlijk een andere bestemming, bijvoorbeeld wonen of natuur.",
        "The park will probably get another purpose, for example housing or nature.",
    ),
    "nb.parks.vitality.unknown": (
        "Hoe het park ervoor staat, is nog niet bekeken.",
        "How the park is doing has not been assessed yet.",
    ),
    # printed outputs (print.): the workshop map and the buurt fact sheet (geo/printing)
    "print.sources": ("Bronnen", "Sources"),
    "print.made": (
        "Gemaakt op {when} met Afsprakenkaart · situatie in {year}",
        "Made on {when} with Afsprakenkaart · situation in {year}",
    ),
    "print.agreements.store": (
        "Aandachtsgebieden: zoals vastgelegd in de afsprakenopslag op {when}.",
        "Attention areas: as recorded in the agreement store on {when}.",
    ),
    "print.agreements.seed": (
        "Aandachtsgebieden: de startwaarden uit de gegevensmap (attention_areas).",
        "Attention areas: the seed decisions of the data directory (attention_areas).",
    ),
    "print.table.buurten": ("Buurtgrenzen", "Buurt boundaries"),
    "print.table.wijken": ("Wijkgrenzen", "Wijk boundaries"),
    "print.map.title": (
        "Werkkaart {municipality} · {year}",
        "Workshop map {municipality} · {year}",
    ),
    "print.map.subtitle": ("Situatie in {year} · {layers}", "Situation in {year} · {layers}"),
    "print.map.no_layers": ("alleen grenzen", "boundaries only"),
    "print.map.subject": (
        "Prestatieafspraken: kaart voor de werksessie",
        "Performance agreements: map for the workshop",
    ),
    "print.legend.title": ("Legenda", "Legend"),
    "print.legend.boundaries": ("Grenzen (CBS)", "Boundaries (CBS)"),
    "print.legend.gemeente": ("gemeentegrens", "municipal boundary"),
    "print.legend.wijk": ("wijkgrens", "wijk (district) boundary"),
    "print.legend.buurt": ("buurtgrens", "buurt (neighbourhood) boundary"),
    "print.legend.selected": ("deze buurt", "this buurt"),
    "print.legend.projects": (
        "Complex met een maatregel (letter)",
        "Complex with a measure (letter)",
    ),
    "print.legend.sensitive": (
        "Sloop en verkoop staan niet per woning of complex op de kaart, alleen per buurt "
        "op het buurtblad.",
        "Demolition and sale are not shown per home or complex, only per buurt on the "
        "buurt fact sheet.",
    ),
    "print.fs.kicker": (
        "Buurtblad · gemeente {municipality} · situatie in {year}",
        "Buurt fact sheet · municipality of {municipality} · situation in {year}",
    ),
    "print.fs.subtitle": ("Wijk: {wijk} · buurtcode {code}", "Wijk: {wijk} · buurt code {code}"),
    "print.fs.subject": ("Buurtblad prestatieafspraken", "Performance agreements fact sheet"),
    "print.fs.map_caption": (
        "De kaart toont de buurt (zwarte stippellijn) en de omgeving in {year}.",
        "The map shows the buurt (black dashed line) and its surroundings in {year}.",
    ),
    "print.fs.homes.title": ("Huurwoningen van corporaties", "Homes of housing corporations"),
    "print.fs.homes.none": (
        "In deze buurt staan geen woningen van een corporatie.",
        "There are no corporation homes in this buurt.",
    ),
    "print.fs.small_numbers": (
        "Om de privacy van bewoners te beschermen, staan aantallen van 1 tot 4 woningen "
        "er niet precies in.",
        "To protect residents' privacy, numbers of 1 to 4 homes are not given exactly.",
    ),
    "print.fs.works.title": ("Wat gebeurt er wanneer?", "What happens when?"),
    "print.fs.works.intro": (
        "Werk aan de corporatiewoningen in deze buurt, per jaar: aantallen voor de hele "
        "buurt, geen adressen.",
        "Work on the corporation homes in this buurt, per year: numbers for the whole "
        "buurt, not addresses.",
    ),
    "print.fs.works.none": (
        "Er is geen werk gepland of gedaan aan de woningen van de corporaties.",
        "No work is planned or done on the corporations' homes.",
    ),
    "print.fs.works.more": (
        "En nog {count} regels. Vraag uw corporatie naar de rest.",
        "And {count} more lines. Ask your corporation about the rest.",
    ),
    "print.fs.works.all": ("alle corporaties", "all corporations"),
    "print.fs.works.ask": (
        "Wilt u weten wat dit voor uw eigen woning betekent? Vraag het uw corporatie of "
        "uw huurdersorganisatie.",
        "Do you want to know what this means for your own home? Ask your corporation or "
        "your tenants' organisation.",
    ),
    "print.fs.col.year": ("Jaar", "Year"),
    "print.fs.col.work": ("Werk", "Work"),
    "print.fs.col.corporation": ("Corporatie", "Corporation"),
    "print.fs.col.homes": ("Woningen eind {year}", "Homes at the end of {year}"),
    "print.fs.col.done": ("Uitgevoerd (woningen)", "Carried out (homes)"),
    "print.fs.col.planned": ("Gepland (woningen)", "Planned (homes)"),
    "print.fs.col.total": ("Totaal", "Total"),
    "print.fs.col.park": ("Park", "Park"),
    "print.fs.col.vitality": ("Hoe gaat het?", "How is it doing?"),
    "print.fs.col.distance": ("Afstand", "Distance"),
    "print.fs.measure_help.verduurzaming": (
        "de woning wordt zuiniger, bijvoorbeeld met isolatie",
        "the home uses less energy, for example with insulation",
    ),
    "print.fs.measure_help.renovatie": (
        "de woning wordt grondig opgeknapt",
        "the home is thoroughly renovated",
    ),
    "print.fs.measure_help.sloop": (
        "de woning wordt afgebroken",
        "the home is pulled down",
    ),
    "print.fs.measure_help.nieuwbouw": (
        "er worden nieuwe woningen gebouwd",
        "new homes are built",
    ),
    "print.fs.measure_help.verkoop": (
        "de corporatie verkoopt de woning",
        "the corporation sells the home",
    ),
    "print.fs.heat.title": (
        "Warmtetransitie: van het aardgas af",
        "Heat transition: leaving natural gas",
    ),
    "print.fs.heat.when.current": (
        "Deze wijk is nu aan de beurt ({period}).",
        "It is this area's turn now ({period}).",
    ),
    "print.fs.heat.when.later": (
        "Deze wijk is aan de beurt in {period}.",
        "This area's turn comes in {period}.",
    ),
    "print.fs.heat.until": (
        "Tot die tijd verandert er niets aan de verwarming.",
        "Until then nothing changes in the heating.",
    ),
    "print.fs.heat.when.earlier": (
        "De periode voor deze wijk ({period}) is voorbij.",
        "The period for this area ({period}) is over.",
    ),
    "print.fs.heat.strategy": (
        "Wat er waarschijnlijk komt: {strategy}.",
        "What will probably come: {strategy}.",
    ),
    "print.fs.heat.plan": ("Stand van het plan: {plan}.", "State of the plan: {plan}."),
    "print.fs.heat.override": (
        "Voor deze buurt geldt een eigen planning, anders dan voor de rest van de wijk.",
        "This buurt has its own planning, different from the rest of its wijk.",
    ),
    "print.fs.heat.meaning.warmtenet": (
        "Wat betekent dat? De woningen krijgen hun warmte later uit buizen onder de "
        "straat, in plaats van uit een cv-ketel op gas.",
        "What does that mean? The homes will later get their heat through pipes under "
        "the street, instead of from a gas boiler.",
    ),
    "print.fs.heat.meaning.all-electric": (
        "Wat betekent dat? De woningen worden verwarmd met stroom, met een warmtepomp. "
        "Vaak wordt een woning eerst beter geïsoleerd.",
        "What does that mean? The homes are heated with electricity, by a heat pump. "
        "Often a home is first insulated better.",
    ),
    "print.fs.heat.meaning.hybride": (
        "Wat betekent dat? Een warmtepomp verwarmt de woning meestal met stroom. Op "
        "koude dagen helpt de cv-ketel mee.",
        "What does that mean? A heat pump heats the home with electricity most of the "
        "time. On cold days the gas boiler helps.",
    ),
    "print.fs.heat.meaning.groengas": (
        "Wat betekent dat? De woningen houden een cv-ketel, maar die brandt later op "
        "groen gas in plaats van aardgas.",
        "What does that mean? The homes keep a boiler, but it will later burn green gas "
        "instead of natural gas.",
    ),
    "print.fs.heat.meaning.onbekend": (
        "Wat betekent dat? Er is nog niet gekozen hoe de woningen later verwarmd worden. "
        "U hoeft nu niets te doen.",
        "What does that mean? It has not yet been decided how the homes will be heated "
        "later. You do not need to do anything now.",
    ),
    "print.fs.heat.tenant": (
        "Huurt u van een corporatie? Dan bespreekt de corporatie de plannen eerst met de "
        "bewoners en de huurdersorganisatie, voordat er iets aan uw woning gebeurt.",
        "Do you rent from a corporation? Then the corporation first discusses the plans "
        "with the residents and the tenants' organisation, before anything happens to "
        "your home.",
    ),
    "print.fs.heat.none": (
        "Voor deze buurt is nog geen planning bekend.",
        "No planning is known for this buurt yet.",
    ),
    "print.fs.attention.title": ("Extra aandacht voor de buurt", "Extra attention for the buurt"),
    "print.fs.attention.what": (
        "Een aandachtsgebied is een buurt waar de gemeente, de corporaties en de huurders "
        "samen extra werken aan een prettige en veilige buurt.",
        "An attention area is a buurt where the municipality, the corporations and the "
        "tenants work together on a pleasant and safe neighbourhood.",
    ),
    "print.fs.attention.yes": (
        "Ja: deze buurt is in {year} een aandachtsgebied.",
        "Yes: this buurt is an attention area in {year}.",
    ),
    "print.fs.attention.no": (
        "Nee: deze buurt is in {year} geen aandachtsgebied.",
        "No: this buurt is not an attention area in {year}.",
    ),
    "print.fs.attention.status": ("Stand in {year}: {status}.", "Status in {year}: {status}."),
    "print.fs.attention.reasons": ("Waarom: {reasons}.", "Why: {reasons}."),
    "print.fs.attention.lead": ("Wie trekt het", "Who leads it"),
    "print.fs.attention.vision": ("Wat is afgesproken", "What was agreed"),
    "print.fs.attention.note": ("Toelichting", "Note"),
    "print.fs.attention.history": ("Andere jaren", "Other years"),
    "print.fs.parks.title": (
        "Vakantieparken dichtbij (tot {km} km)",
        "Holiday parks nearby (up to {km} km)",
    ),
    "print.fs.parks.none": (
        "Er zijn geen vakantieparken in of bij de buurt.",
        "There are no holiday parks in or near the buurt.",
    ),
    "print.fs.parks.more": ("En nog {count} parken.", "And {count} more parks."),
    "print.fs.parks.inside": ("in de buurt", "in the buurt"),
    # --- comparing two years side by side (ui/compare_page.py, layers/compare.py)
    "compare.title": ("Jaren vergelijken", "Compare years"),
    "compare.link": ("Twee jaren naast elkaar", "Two years side by side"),
    "compare.back": ("Naar de kaart", "To the map"),
    "compare.heading": ("{left} en {right} naast elkaar", "{left} and {right} side by side"),
    "compare.left": ("Jaar links", "Year on the left"),
    "compare.right": ("Jaar rechts", "Year on the right"),
    "compare.badge": ("Jaar {year}", "Year {year}"),
    "compare.legend": ("Legenda", "Legend"),
    "compare.legend_side": ("Legenda {year}", "Legend {year}"),
    "compare.help": (
        "Schuiven of zoomen op de ene kaart doet de andere mee. "
        "Klik op een gebied of symbool voor meer.",
        "Moving or zooming one map moves the other too. Click an area or symbol for more.",
    ),
    "compare.same_year": (
        "Links en rechts staat hetzelfde jaar: kies een ander jaar om te vergelijken.",
        "Both sides show the same year: choose another year to compare.",
    ),
    "compare.unknown_year": (
        "De link vraagt om jaar {year}, maar de afspraken lopen van {first} tot en met "
        "{last}. Getoond: {shown}.",
        "The link asks for {year}, but the agreements run from {first} to {last}. Shown: {shown}.",
    ),
    "compare.phone": (
        "Op een smal scherm staan de kaarten onder elkaar: {left} boven, {right} onder. "
        "Draai de telefoon of gebruik een groter scherm om ze naast elkaar te zien.",
        "On a narrow screen the maps are one above the other: {left} on top, {right} "
        "below. Turn the phone or use a bigger screen to see them side by side.",
    ),
    "compare.share_link": (
        "Deze vergelijking (jaren, lagen, taal) staat in de adresbalk: "
        "kopieer de link om hem te delen.",
        "This comparison (years, layers, language) is in the address bar: "
        "copy the link to share it.",
    ),
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
