"""The demo network as readable tables, from section 3 of the domain brief (seeds 000-004).

Rules the tables follow (see demo/README.md):
* Only what the brief states; our own deductions and the brief's "(inferred)" marks are listed
  in `inferred`, the brief's "(ext)" outside knowledge in `ext`; both end up in the event's
  `inferred_fields`. Descriptions say "(inferred)" / "(ext)" inline.
* No people: persons are never partners, no person names, no e-mail addresses or phone numbers.
  A coordinator is a pseudonymous id ("person-cop-projectmanager").
* The network is shown as the seeds describe it at their own date (2016-2023): nothing is closed
  unless a seed says it ended (L-point was dropped).
* `since` of a membership and the event time are the first date the seeds attest the fact;
  a month-only date uses the 1st of the month.
"""

from __future__ import annotations

from datetime import date

from demo.model import Closure, Initiative, Membership, NeedOffer, NotRegistered, Partner, Source

D_004 = date(2016, 11, 30)  # Werkgroep po/vo meeting that commissioned De Werkplaats
D_003 = date(2017, 6, 1)  # "Uitgave Topsectoren en PBT, Den Haag - juni 2017"
D_COP = date(2021, 2, 9)  # first CoP sounding-board session, CoProductie edition 1
D_ORD = date(2023, 7, 5)  # ORD 2023 symposium talks

SOURCES: tuple[Source, ...] = (
    Source(
        "topsectoren",
        10,
        "Topsectoren learning-communities agenda and its pilots",
        "003 (section 3.4, 3.7, 3.8)",
        D_003,
    ),
    Source(
        "ord-2023",
        20,
        "ORD 2023 symposium: the 11 public-value cases, STO, De lerende regio",
        "002 (section 3.3, 3.6)",
        D_ORD,
    ),
    Source("mboin2030", 30, "MBOin2030 and its four challenges", "002 (section 3.5)", D_ORD),
    Source(
        "vista-crm",
        40,
        "VISTA college CRM: CoP, its innovation tables and the Chemelot ecosystem",
        "000, 001 (section 3.1)",
        D_COP,
    ),
    Source(
        "provincie-limburg",
        50,
        "Provincie Limburg: De Werkplaats and the provincial education agenda",
        "004 (section 3.2), 000",
        D_004,
    ),
)

ALL_TOPSECTORS = (
    "logistiek energie creatieve_industrie life_sciences_health chemie htsm water ict agri_food "
    "tuinbouw"
)
LC_AGENDA = "lc-investeringsagenda"

# ---------------------------------------------------------------------------------------------
# Initiatives
# ---------------------------------------------------------------------------------------------
_COP_TABLE = (
    "Innovation table of CoP: its own theme, led by a projectleider (educational leader or "
    "manager); members are education staff, companies and experts; its own referentengroep "
    "(students and companies) as operational sounding board; alignment every 8 weeks and one "
    "event a year (001)."
)

INITIATIVES: tuple[Initiative, ...] = (
    # --- topsectoren (003) -------------------------------------------------------------------
    Initiative(
        "human-capital-roadmap",
        "Human Capital Roadmap 2016-2020",
        "programme",
        "topsectoren",
        "3.8 (003)",
        description=(
            "National roadmap of the topsectoren for human capital; the learning-communities "
            "agenda falls under its action line 'een leven lang ontwikkelen' (lifelong "
            "development)."
        ),
        collaboration_type="strategic",
        themes="leven-lang-ontwikkelen",
        topsectors=ALL_TOPSECTORS,
        regions="NL",
        start=date(2016, 1, 1),
        end=date(2020, 12, 31),
    ),
    Initiative(
        LC_AGENDA,
        "Learning communities: Samen zetten we de volgende stap!",
        "programme",
        "topsectoren",
        "1, 3.4, 3.7 (003)",
        aliases=(
            "Investeringsagenda learning communities",
            "Learning communities 2018-2022 - Menselijk kapitaal, de motor voor innovaties",
        ),
        parent="human-capital-roadmap",
        description=(
            "Investment agenda (investeringsagenda) of the Dutch topsectoren, part 1 of the "
            "four-part series 'Learning communities 2018-2022'; published by the topsectoren and "
            "PBT in Den Haag, June 2017. Defines the learning community: public-public-private, "
            "hybrid, uniting leren, werken and innoveren with three learning functions "
            "(voorwaardelijk, reactief, proactief). Lists existing forms (fieldlabs, living "
            "labs, COCIs, CoEs, CIVs, hubs), the three axes of the learning-working-innovating "
            "triangle and their funders, success factors, 9 lessons from the pilots, a 7-point "
            "action programme and an FAQ. NLQF (qualification levels up to 8) and the Nationale "
            "Wetenschapsagenda are named as building blocks. The text speaks of 'twintig "
            "pilots' (twenty) but the colophon lists 21 pilot titles; all 21 are registered "
            "here as its children."
        ),
        goals=(
            "Human capital as the engine of innovation: learning, working and innovating in one "
            "place",
            "Form a national and international nodal network of learning communities",
        ),
        collaboration_type="strategic",
        axes="innoveren_werken leren_innoveren leren_werken",
        functions="voorwaardelijk reactief proactief",
        themes="leven-lang-ontwikkelen innovatie",
        topsectors=ALL_TOPSECTORS,
        regions="NL",
        levels="mbo hbo wo post_initieel",
        start=date(2018, 1, 1),
        end=date(2022, 12, 31),
    ),
    Initiative(
        "energy-college",
        "Energy College",
        "learning_community",
        "topsectoren",
        "3.4 #1 (003)",
        parent=LC_AGENDA,
        description=(
            "Regional education collaboration in Noord-Nederland: government, business (mainly "
            "mkb) and the ROCs and AOCs. Each institution owns one energy domain (offshore "
            "wind, decentralised solar generation, geothermal). Companies bring knowledge, "
            "material and internship places; branding reaches vo and po; later open to "
            "zij-instromers. Aims at the fit between energy education and the labour market "
            "and at the 'kwantitatieve personeelsprobleem'. Its energy theme makes schools "
            "'vindbaar en herkenbaar voor bedrijven'."
        ),
        themes="energietransitie wind-op-zee zonne-energie geothermie",
        topsectors="energie",
        regions="NL1",
        levels="mbo",
        target_groups="student_mbo_bol_bbl zij_instromer",
        challenges="personeelstekort energietransitie",
        status="pilot",
    ),
    Initiative(
        "energie-transitie-huis",
        "Energie Transitie Huis",
        "innovatielab",
        "topsectoren",
        "3.4 #2 (003)",
        parent=LC_AGENDA,
        description=(
            "Skills environment inside the Duurzaamheidsfabriek, built by ROC Da Vinci College: "
            "teams of students, teachers, professionals and entrepreneurs make homes "
            "sustainable with high-tech equipment (construction, electrical, installation, "
            "engineering, ICT, economics). Kind 'innovatielab' is our mapping of 'facility / "
            "skills environment' (inferred); Dordrecht is (ext)."
        ),
        themes="verduurzaming-woningen bouw elektro-installatie engineering ict",
        topsectors="energie",
        regions="GM0505",
        levels="mbo",
        status="pilot",
        inferred="kind",
        ext="regions",
    ),
    Initiative(
        "experiment-lerend-leven",
        "Experiment lerend leven",
        "pilot",
        "topsectoren",
        "3.4 #3 (003)",
        parent=LC_AGENDA,
        description=(
            "Pilot of the learning-communities agenda; only the title is given. Contact "
            "organisation Brainport Industries; the Brainport (Eindhoven) region is (ext), the "
            "HTSM sector (inferred)."
        ),
        themes="htsm",
        topsectors="htsm",
        regions="CR36",
        status="pilot",
        inferred="themes topsectors",
        ext="regions",
    ),
    Initiative(
        "lll-coe-civ",
        "LLL binnen de Centres of Expertise en Centra voor Innovatief Vakmanschap",
        "pilot",
        "topsectoren",
        "3.4 #4 (003)",
        aliases=("LLL binnen de Centers of Expertise en CIV's",),
        parent=LC_AGENDA,
        description=(
            "Cross-cutting pilot for all topsectoren: lifelong learning within CoEs (hbo) and "
            "CIVs (mbo). Innovations are 'de meest concrete manier' for students and working "
            "professionals to solve problems together; it works when the parties answer the "
            "'waaromvraag'. Possibly the 21st title beside the 'twintig pilots' (unresolved)."
        ),
        themes="leven-lang-ontwikkelen innovatie",
        topsectors=ALL_TOPSECTORS,
        regions="NL",
        levels="mbo hbo",
        target_groups="student_hbo werkende",
        status="pilot",
    ),
    Initiative(
        "popup-safety",
        "POPUP-Safety, A Blended Learning LAB",
        "innovatielab",
        "topsectoren",
        "3.4 #5 (003)",
        parent=LC_AGENDA,
        description=(
            "VR training for work in dangerous environments of the paper and process industry, "
            "independent of place and time, to be offered to both workers and students "
            "(TS Chemie en Energie)."
        ),
        themes="papier-procesindustrie veiligheid-vr-training",
        topsectors="chemie energie",
        target_groups="werkende",
        status="pilot",
        inferred="kind",
    ),
    Initiative(
        "teachers-learning-in-energy",
        "Teachers Learning in Energy",
        "pilot",
        "topsectoren",
        "3.4 #6 (003)",
        parent=LC_AGENDA,
        description="Pilot of the learning-communities agenda; only the title is given.",
        themes="energie",
        topsectors="energie",
        target_groups="docent",
        status="pilot",
    ),
    Initiative(
        "fieldlab-rdm",
        "Fieldlab RDM, additive manufacturing",
        "fieldlab",
        "topsectoren",
        "3.4 #7 (003)",
        parent=LC_AGENDA,
        description=(
            "Fieldlab on additive manufacturing, contact organisation RDM Centre of Expertise; "
            "only the title is given. Rotterdam is (ext)."
        ),
        themes="additive-manufacturing",
        regions="GM0599",
        status="pilot",
        ext="regions",
    ),
    Initiative(
        "hr-kleine-ci-bedrijven",
        "Toekomstbestendig HR-management kleine CI bedrijven",
        "pilot",
        "topsectoren",
        "3.4 #8 (003)",
        parent=LC_AGENDA,
        description=(
            "Future-proof HR management for small creative-industry companies; only the title "
            "is given."
        ),
        themes="hr-management creatieve-industrie",
        topsectors="creatieve_industrie",
        target_groups="mkb",
        status="pilot",
    ),
    Initiative(
        "hilversum-media-campus",
        "Hilversum Media Campus",
        "campus",
        "topsectoren",
        "3.4 #9 (003)",
        parent=LC_AGENDA,
        description=(
            "Talent programmes for workers close to the actual media companies: 'Die nabijheid "
            "werkt erg goed'. Accreditation matters less than companies' confidence in the "
            "training."
        ),
        themes="media",
        topsectors="creatieve_industrie",
        regions="GM0402",
        target_groups="werkende",
        status="pilot",
    ),
    Initiative(
        "bno-academie",
        "BNO-Academie",
        "academy",
        "topsectoren",
        "3.4 #10 (003)",
        parent=LC_AGENDA,
        description=(
            "Branch academy of the BNO (Beroepsorganisatie Nederlandse Ontwerpers): training, "
            "individual guidance, peer coaching (intervisie) and mentoring for designers; links "
            "the network inside the branch; needs 'dynamische waardering' (dynamic "
            "recognition)."
        ),
        themes="ontwerpers mentoring",
        topsectors="creatieve_industrie",
        target_groups="werkende zzp",
        status="pilot",
    ),
    Initiative(
        "lll-groen-onderwijs",
        "LLL in het groene onderwijs",
        "pilot",
        "topsectoren",
        "3.4 #11 (003)",
        parent=LC_AGENDA,
        description=(
            "Lifelong learning in green education (Topsector T&U); only the title is given."
        ),
        themes="groen-onderwijs leven-lang-ontwikkelen",
        topsectors="tuinbouw",
        status="pilot",
    ),
    Initiative(
        "strategische-personeelsplanning-water",
        "Strategische personeelsplanning",
        "pilot",
        "topsectoren",
        "3.4 #12 (003)",
        parent=LC_AGENDA,
        description=(
            "Strategic workforce planning in the water sector (contact organisation "
            "Waterkennisbank); only the title is given."
        ),
        themes="strategische-personeelsplanning watersector",
        topsectors="water",
        status="pilot",
    ),
    Initiative(
        "fieldlab-dzhf",
        "Fieldlab Duurzaamheidsfabriek (DZHF)",
        "fieldlab_smart_industry",
        "topsectoren",
        "3.4 #13 (003)",
        aliases=("Duurzaamheidsfabriek", "DZHF"),
        parent=LC_AGENDA,
        description=(
            "Recognised as Fieldlab Smart Industry. Project 'Toegepaste Innovaties voor "
            "Maritieme Automatisering' with Valk Welding, Scheepswerf Slob, de Waal and Da Vinci "
            "College: yard employees learn together with mbo students; a value chain of "
            "shipyard, welding-robot supplier and school rather than competitors. Microcredentials "
            "and an online learning passport. Houses the Energie Transitie Huis. Dordrecht is "
            "(ext)."
        ),
        themes="maritieme-automatisering lasrobotica smart-industry",
        topsectors="htsm",
        regions="GM0505",
        levels="mbo",
        target_groups="werkende student_mbo_bol_bbl",
        status="pilot",
        ext="regions",
    ),
    Initiative(
        "evolva-werkplekleren",
        "Evolva Werkplekleren 3.0",
        "learning_community",
        "topsectoren",
        "3.4 #14 (003)",
        parent=LC_AGENDA,
        description=(
            "Workplace-learning community for care workers ('zorgen met'): a virtual learning "
            "environment plus meetings; a werkplekleerexpert designs the trajectory. Contact "
            "organisation Zorgpact / Topsector LSH."
        ),
        themes="zorg life-sciences-health",
        topsectors="life_sciences_health",
        target_groups="werkende",
        status="pilot",
    ),
    Initiative(
        "leerlijn-transportplanner",
        "Doorlopend post-experience leerlijn (transport-)planner",
        "pilot",
        "topsectoren",
        "3.4 #15 (003)",
        parent=LC_AGENDA,
        description=(
            "Continuous post-experience pathway for (transport) planners, contact organisation "
            "NHTV; only the title is given. Post-initial hbo level (inferred); Breda (ext)."
        ),
        themes="transportplanning logistiek",
        topsectors="logistiek",
        regions="GM0758",
        levels="post_initieel hbo",
        target_groups="werkende",
        status="pilot",
        inferred="levels",
        ext="regions",
    ),
    Initiative(
        "otib-leerhuis",
        "OTIB Leerhuis",
        "pilot",
        "topsectoren",
        "3.4 #16 (003)",
        parent=LC_AGENDA,
        description=(
            "Learning house of OTIB; only the title is given. The technical installation sector "
            "is (ext)."
        ),
        themes="elektro-installatie",
        status="pilot",
        ext="themes",
    ),
    Initiative(
        "career-windenergie-op-zee",
        "CAREER, Windenergie op Zee",
        "pilot",
        "topsectoren",
        "3.4 #17 (003)",
        parent=LC_AGENDA,
        description="Offshore wind energy pilot (TKI Wind op Zee); only the title is given.",
        themes="wind-op-zee",
        topsectors="energie",
        status="pilot",
    ),
    Initiative(
        "lll-waterbouwers",
        "LLL Waterbouwers",
        "pilot",
        "topsectoren",
        "3.4 #18 (003)",
        parent=LC_AGENDA,
        description=(
            "Lifelong learning for hydraulic engineers (Vereniging van Waterbouwers); only the "
            "title is given."
        ),
        themes="waterbouw leven-lang-ontwikkelen",
        topsectors="water",
        target_groups="werkende",
        status="pilot",
    ),
    Initiative(
        "knw-mentorship",
        "Mentorship-programma KNW",
        "programme",
        "topsectoren",
        "3.4 #19 (003)",
        aliases=("KNW Mentor Program - Dive in together!",),
        parent=LC_AGENDA,
        description=(
            "Koninklijk Nederlands Waternetwerk: knowledge transfer from experienced to young "
            "water professionals, and network building."
        ),
        themes="mentoring watersector",
        topsectors="water",
        regions="NL",
        target_groups="werkende",
        status="pilot",
    ),
    Initiative(
        "talent-innovatie-pool",
        "Talent Innovatie Pool",
        "pilot",
        "topsectoren",
        "3.4 #20 (003)",
        parent=LC_AGENDA,
        description=(
            "Students, company high potentials and researchers solve logistics knowledge "
            "questions together (TS Logistiek). hbo students of HAN (inferred)."
        ),
        themes="logistiek talentontwikkeling",
        topsectors="logistiek",
        levels="hbo",
        target_groups="student_hbo werkende",
        status="pilot",
        inferred="levels target_groups",
    ),
    Initiative(
        "fieldlab-sociale-innovatie",
        "Fieldlab Sociale Innovatie binnen Smart Industry",
        "fieldlab",
        "topsectoren",
        "3.4 #21 (003)",
        parent=LC_AGENDA,
        description=(
            "Fieldlab on social innovation within Smart Industry, contact organisations TNO, "
            "AWWN and FNV; only the title is given."
        ),
        themes="sociale-innovatie smart-industry",
        status="pilot",
    ),
    Initiative(
        "smart-industry-programma",
        "Smart Industry programma",
        "programme",
        "topsectoren",
        "3.7 (003)",
        aliases=("Fieldlabs Smart Industry",),
        description=(
            "National programme with about 30 Fieldlabs Smart Industry; an example base for "
            "learning communities. Fieldlab DZHF is recognised as one of them (network "
            "membership is not in the contract, so it is only stated here)."
        ),
        themes="smart-industry",
        topsectors="htsm",
        regions="NL",
    ),
    Initiative(
        "gsc3",
        "Smart Cities Global Community Coalition (GSC3)",
        "platform",
        "topsectoren",
        "3.7 (003)",
        description=(
            "Coalition behind the national Smart Cities action agenda, in which living labs get "
            "a place; municipalities bring cases."
        ),
        themes="smart-cities",
        regions="NL",
        inferred="kind",
    ),
    Initiative(
        "techniekpact",
        "Techniekpact",
        "programme",
        "topsectoren",
        "3.7 (003)",
        aliases=("Techniepact",),
        description=(
            "National pact, an example for national coordination (003 writes 'Techniepact')."
        ),
        regions="NL",
        inferred="kind",
    ),
    Initiative(
        "zorgpact",
        "Zorgpact",
        "programme",
        "topsectoren",
        "3.7 (003)",
        description=(
            "National pact for care, an example for national coordination; contact organisation "
            "of the Evolva pilot together with Topsector LSH."
        ),
        themes="zorg",
        regions="NL",
        inferred="kind",
    ),
    Initiative(
        "nationale-wetenschapsagenda",
        "Nationale Wetenschapsagenda",
        "programme",
        "topsectoren",
        "3.7 (003)",
        description=(
            "National research agenda whose routes are starting points for learning communities."
        ),
        regions="NL",
    ),
    Initiative(
        "rif",
        "RIF",
        "fonds",
        "topsectoren",
        "3.8 (001, 003)",
        aliases=("Regionaal Investeringsfonds mbo",),
        description=(
            "National fund; CoP is a 'RIF project'. 003 places 'RIF/SZW' on the leren-werken "
            "axis. The expansion 'Regionaal Investeringsfonds mbo' is (ext). Grants are not in "
            "the contract (no funding events), so the CoP link is only stated here."
        ),
        regions="NL",
        levels="mbo",
        inferred="aliases",
        ext="aliases levels",
    ),
    Initiative(
        "efro",
        "EFRO",
        "fonds",
        "topsectoren",
        "3.8 (003)",
        description=(
            "EU fund named among the investors on the innoveren-werken axis and in lifelong "
            "development ('EU (EFRO)')."
        ),
        regions="EU",
    ),
    Initiative(
        "pps-toeslag",
        "PPS-toeslag",
        "fonds",
        "topsectoren",
        "3.8 (003)",
        description=(
            "Public-private partnership surcharge, a national instrument on the "
            "innoveren-werken axis (with TKI/RVO and fiscal instruments)."
        ),
        regions="NL",
    ),
    # --- ORD 2023 (002) ------------------------------------------------------------------------
    Initiative(
        "verduurzaming-publieke-waarde",
        "Verduurzaming van Publieke Waarde",
        "programme",
        "ord-2023",
        "3.3 (002)",
        description=(
            "Research by VU, SEO and HAN on horizontal collaboration of mbo institutions: "
            "'Welke factoren dragen bij aan ontstaan & bestendiging van co-creatie van publieke "
            "waarde door horizontale samenwerking van mbo-instellingen?'. Mixed methods "
            "(literature, 11 case studies, action research); design, preconditions and four "
            "drivers. Products: Samenwerkingsscan (also 'Samenwerkingscan'), Praatplaat, "
            "Tijdlijn; reports: Hoofdrapport, Casusportretten, Literatuuronderzoek "
            "Samenwerkingsverbanden, paper on the legal design of horizontal collaboration. "
            "Presented at ORD 2023 (Amsterdam, 5-7 July 2023, 'Kans op balans'). The 11 cases "
            "are registered as initiatives; the study-case link is not in the contract. Not "
            "itself a candidate for matching (an evidence record, opt_in false)."
        ),
        collaboration_type="strategic",
        regions="NL",
        levels="mbo",
        opt_in=False,
        website="https://hsvmb.nl",
        inferred="kind",
    ),
    Initiative(
        "platform-vo-mbo-groningen",
        "Platform VO-MBO Groningen",
        "platform",
        "ord-2023",
        "3.3 case 1 (002)",
        description="ORD 2023 public-value case 1, led by Noorderpoort.",
        themes="doorlopende-leerlijn",
        regions="NL11",
        levels="vo mbo",
        inferred="regions",
    ),
    Initiative(
        "twents-fonds-voor-vakmanschap",
        "Twents Fonds voor Vakmanschap",
        "fonds",
        "ord-2023",
        "3.3 case 2 (002)",
        description="ORD 2023 public-value case 2, led by ROC van Twente.",
        themes="vakmanschap",
        regions="CR12",
        levels="mbo",
    ),
    Initiative(
        "mbo-instellingen-noord-holland",
        "Mbo-instellingen Noord-Holland",
        "platform",
        "ord-2023",
        "3.3 case 3 (002)",
        description=(
            "ORD 2023 public-value case 3: regional consortium of mbo institutions Horizon, "
            "Clusius, Nova and Regio-C, with the Kop van Noord-Holland (listed among the leads; "
            "registered here as a region). Kind 'platform' is our mapping of 'regional "
            "consortium' (inferred)."
        ),
        regions="NL32 CR18",
        levels="mbo",
        inferred="kind",
    ),
    Initiative(
        "praktijkroute-horeca-toerisme",
        "Praktijkroute Horeca en Toerisme",
        "praktijkroute",
        "ord-2023",
        "3.3 case 4 (002)",
        description="ORD 2023 public-value case 4, led by Scalda. Zeeland is (ext).",
        themes="horeca-toerisme",
        regions="NL34",
        levels="mbo",
        ext="regions",
    ),
    Initiative(
        "kenniscentrum-creatieve-sector",
        "Naar een kenniscentrum in de creatieve sector",
        "centrum_innovatief_vakmanschap",
        "ord-2023",
        "3.3 case 5 (002)",
        description=(
            "ORD 2023 public-value case 5, led by Grafisch Lyceum Rotterdam: a knowledge centre "
            "in development (kind mapped to CIV, inferred)."
        ),
        themes="creatieve-industrie",
        regions="GM0599",
        levels="mbo",
        status="pilot",
        inferred="kind",
    ),
    Initiative(
        "groene-samenwerking-clusius",
        "Verduurzaming in groene samenwerking",
        "learning_community",
        "ord-2023",
        "3.3 case 6 (002)",
        description=(
            "ORD 2023 public-value case 6, led by Clusius College (green mbo). 'Verduurzaming' "
            "means making the collaboration last. Kind and Noord-Holland (inferred)."
        ),
        themes="groen-onderwijs",
        regions="NL32",
        levels="mbo",
        inferred="kind regions",
    ),
    Initiative(
        "innovatieraad-nimeto",
        "Innovatieraad",
        "platform",
        "ord-2023",
        "3.3 case 7 (002)",
        description=(
            "ORD 2023 public-value case 7: innovation council led by Nimeto. Kind 'platform' "
            "(inferred); Utrecht (ext)."
        ),
        themes="innovatie",
        regions="GM0344",
        levels="mbo",
        inferred="kind",
        ext="regions",
    ),
    Initiative(
        "media-innovatie-campus",
        "Media Innovatie Campus",
        "campus",
        "ord-2023",
        "3.3 case 8 (002)",
        description="ORD 2023 public-value case 8, led by Friesland College.",
        themes="media",
        regions="NL12",
        levels="mbo",
    ),
    Initiative(
        "food-academy-nijkerk",
        "Food Academy Nijkerk",
        "academy",
        "ord-2023",
        "3.3 case 9 (002)",
        description="ORD 2023 public-value case 9, led by Aeres (green mbo).",
        themes="food",
        regions="GM0267",
        levels="mbo",
    ),
    Initiative(
        "digiwise",
        "Digiwise",
        "pilot",
        "ord-2023",
        "3.3 case 10 (002)",
        description=(
            "ORD 2023 public-value case 10, 'Digiwise (Vista)'; that Vista is VISTA college and "
            "the Limburg region are (inferred), as are the kind and the digital theme (from the "
            "name)."
        ),
        themes="digitalisering",
        regions="NL42",
        levels="mbo",
        inferred="kind themes regions",
    ),
    Initiative(
        "startacademie",
        "Startacademie",
        "academy",
        "ord-2023",
        "3.3 case 11 (002)",
        description="ORD 2023 public-value case 11, led by Zadkine. Rotterdam is (ext).",
        regions="GM0599",
        levels="mbo",
        ext="regions",
    ),
    Initiative(
        "sterk-techniekonderwijs",
        "Sterk Techniekonderwijs (STO)",
        "programme",
        "ord-2023",
        "3.6, 3.8 (002)",
        aliases=("STO",),
        description=(
            "National programme for vmbo technology education, commissioned by the Ministerie "
            "van OCW. Goals: interest in technology, doorlopende leerlijnen, a good picture of "
            "technical mbo for future students, regional alignment; 'ketenversterking' (chain "
            "strengthening) is the main added value in many regions. Findings on vmbo-mbo "
            "collaboration: often one mbo school with several vmbo schools; invest in the "
            "(informal) relationship, fixed weekly moments, coordinators who facilitate, mbo "
            "level-4 students as buddies; teacher shortage and limited time are the risks."
        ),
        goals=(
            "Stimulate interest in technology",
            "Doorlopende leerlijnen vmbo-mbo",
            "Give future students a good picture of technical mbo",
            "Regional alignment",
        ),
        collaboration_type="operational",
        themes="doorlopende-leerlijn technologie-maakindustrie",
        regions="NL",
        levels="vmbo mbo",
        target_groups="jongeren_vmbo",
        challenges="lerarentekort personeelstekort",
    ),
    Initiative(
        "sto-onderzoek",
        "Onderzoek Sterk Techniekonderwijs",
        "programme",
        "ord-2023",
        "1, 3.6 (002)",
        parent="sterk-techniekonderwijs",
        description=(
            "Research line on STO by SEO, ROA, KBA, ResearchNed and Turf, commissioned by the "
            "Ministerie van OCW; presented at ORD 2023 (author's SEO affiliation inferred from "
            "the slides). An evidence record (opt_in false)."
        ),
        regions="NL",
        levels="vmbo mbo",
        opt_in=False,
        inferred="kind",
    ),
    Initiative(
        "de-lerende-regio",
        "De lerende regio",
        "programme",
        "ord-2023",
        "1, 3.6 (002)",
        description=(
            "NRO overview study (rapid realist review, 2022) by the HAN Lectoraat Responsief "
            "Beroepsonderwijs, published in Nijmegen: three mechanisms and six tips for a "
            "learning region, five HAN ambitions for collaboration (enough good staff, an "
            "up-to-date curriculum, workplace learning/LLO, practice questions, a learning "
            "region). An evidence record (opt_in false)."
        ),
        regions="GM0268",
        levels="mbo hbo",
        opt_in=False,
        inferred="kind",
    ),
    # --- MBOin2030 (002) -----------------------------------------------------------------------
    Initiative(
        "mboin2030",
        "MBOin2030",
        "programme",
        "mboin2030",
        "3.5 (002)",
        description=(
            "Research and development programme: how to keep (mbo) vocational education "
            "accessible, future-proof and of high quality 'in iedere regio in 2030'. Started "
            "with two workshops in Amersfoort (December 2019), work in 5 groups, a second "
            "werkatelier (January 2021), a written report (autumn 2021), challenges prepared in "
            "2023. Themes: demographic decline, flexibilisation, personalised learning, "
            "regional ecosystems ('eco-systeem' over 'ego-systeem'), dialogisch valideren, the "
            "changing role of the teacher ('Onderwijs aan het werk 2023', 10 building blocks "
            "for the teacher agenda). Survey 'Feiten verzameld': 9 school boards, 72 schools, "
            "about 3,000 respondents, about 115,000 answers. Framework 'Kennisdeling als "
            "hefboom'. Presented as contribution 4 at ORD 2023."
        ),
        collaboration_type="strategic",
        themes=(
            "demografische-krimp gepersonaliseerd-leren dialogisch-valideren "
            "validering-certificering"
        ),
        regions="NL GM0307",
        levels="mbo",
        challenges="krimp flexibilisering lerarentekort",
        start=date(2019, 12, 1),
        coordinator="person-mboin2030-contact",
        website="https://www.mboin2030.nl",
    ),
    Initiative(
        "cib",
        "Centrum voor Innovatie & Beroepsonderwijs (CIB)",
        "centrum_innovatie_beroepsonderwijs",
        "mboin2030",
        "3.5 (002)",
        aliases=("CIB",),
        parent="mboin2030",
        description=(
            "Concept of a centre type: 'Alle partijen in de regio - Voor alle mensen'; "
            "development opportunities, livelihood security (bestaanszekerheid) and innovation. "
            "MBOin2030 maps its success and failure factors."
        ),
        themes="innovatie leven-lang-ontwikkelen",
        levels="mbo",
        status="idea",
    ),
    Initiative(
        "mboin2030-challengefonds",
        "MBOin2030 challengefonds",
        "fonds",
        "mboin2030",
        "3.5, 3.8 (002)",
        parent="mboin2030",
        description=(
            "Open challenge funding: about EUR 25K per project ('ongeveer 25K'), no state aid, "
            "4 applications funded, 3 months of preparation and a 1-year run, an independent "
            "jury and appeal criteria, followed by a community of all projects."
        ),
        regions="NL",
        levels="mbo",
    ),
    Initiative(
        "mboin2030-challenge-sherpa",
        "Certificeringsroute zij-instromers gehandicaptenzorg",
        "pilot",
        "mboin2030",
        "3.5 challenge 1 (002)",
        parent="mboin2030",
        description=(
            "MBOin2030 challenge 1 (Stichting Sherpa, ROC Landstede, ROC Deltion): a "
            "certification route for lateral entrants to Begeleider Maatschappelijke Zorg "
            "(niveau 3) or Persoonlijk Begeleider Maatschappelijke Zorg (niveau 4)."
        ),
        themes="gehandicaptenzorg zij-instroom validering-certificering",
        levels="mbo-3 mbo-4",
        target_groups="zij_instromer",
        status="pilot",
    ),
    Initiative(
        "mboin2030-challenge-urban-sport",
        "Urban Sport Trainer: flexibel hybride leren",
        "pilot",
        "mboin2030",
        "3.5 challenge 2 (002)",
        parent="mboin2030",
        description=(
            "MBOin2030 challenge 2 (ROC A'dam, UST, Libereaux): flexible hybrid learning with "
            "challenges for Urban Sport Trainer (niveau 4); entry and progression via the "
            "digital development portfolio ditkanik.nu."
        ),
        themes="urban-sport gepersonaliseerd-leren",
        regions="GM0363",
        levels="mbo-4",
        status="pilot",
    ),
    Initiative(
        "mboin2030-challenge-validering",
        "Validering van modulair onderwijs",
        "pilot",
        "mboin2030",
        "3.5 challenge 3 (002)",
        parent="mboin2030",
        description=(
            "MBOin2030 challenge 3 (Yuverta, Heineken, FrieslandCampina): supply and demand side "
            "both need a uniform validation method; authentic professional tasks are validated "
            "per module. Green/food sector (inferred)."
        ),
        themes="validering-certificering modulair-curriculum food",
        levels="mbo",
        status="pilot",
        inferred="themes",
    ),
    Initiative(
        "mboin2030-challenge-sintlucas",
        "Gepersonaliseerd leren: route Ä6, Libi en Groow",
        "pilot",
        "mboin2030",
        "3.5 challenge 4 (002)",
        parent="mboin2030",
        description=(
            "MBOin2030 challenge 4 (Sintlucas): route Ä6; learning form Libi ('leren vanuit "
            "intrinsieke motivatie en eigenaarschap'); the system Groow valorised in the exam "
            "plan."
        ),
        themes="gepersonaliseerd-leren",
        levels="mbo",
        status="pilot",
    ),
    Initiative(
        "nationaal-groeifonds-ontwikkelkracht",
        "Nationaal Groeifonds - Ontwikkelkracht",
        "programme",
        "mboin2030",
        "3.5, 3.8 (002)",
        aliases=("Ontwikkelkracht",),
        description="National programme, part 2 of 'Kennisdeling als hefboom' in MBOin2030.",
        regions="NL",
    ),
    Initiative(
        "programma-personeelstekort",
        "Programma personeelstekort",
        "programme",
        "mboin2030",
        "3.5, 3.8 (002)",
        description=(
            "National staff-shortage programme, part 3 ('Wendbaarheid', agility) of "
            "'Kennisdeling als hefboom' in MBOin2030."
        ),
        themes="personeelstekort",
        regions="NL",
    ),
    # --- VISTA CRM: CoP (000, 001) -------------------------------------------------------------
    Initiative(
        "cop-limburg",
        "CoP: Community of Practice",
        "community_of_practice",
        "vista-crm",
        "3.1 (000, 001)",
        aliases=(
            "CoP",
            "Community of Practice Limburg",
            "RIF project Community of Practice (CoP)",
            "Grow together",
        ),
        description=(
            "RIF project 'Community of Practice (CoP) - Ecosysteem leren en werken voor betere "
            "aansluiting arbeidsmarkt': with the Chemelot/Brightlands campus, an ecosystem of "
            "lerend werken en werkend leren that 'verbindt CHILL, VISTA college, Zuyd HS, "
            "Chemelot Talent Office en Overheid'. Vision MBO WATT; building blocks: curriculum "
            "renewal, new learning forms, lifelong development, context-rich infrastructure "
            "(CHILL, Chemelot, Arendstraat), learning community. Regional problems: population "
            "decline and ageing, explosive growth of Chemelot and demand for procestechnologen, "
            "the image 'de oude vervuilende DSM', falling mbo inflow, curriculum-practice "
            "mismatch, high hbo dropout. Innovation tables 2A-4 (registered as children). "
            "Sounding boards: operational (a referentengroep per table), tactical (PML "
            "klankbord, 4x/year), strategic (large sounding board, 1x/year or more). The large "
            "sounding board of 9 Feb 2021 had 39 seats: VISTA college 9, students 3, HBO "
            "Zuyd/Fontys 6, companies 9, Provincie Limburg 5, national 7 (30 took part); wishes: "
            "themed sessions with open registration, a studentenkring, more than once a year, "
            "1.5-2 hours. Second Tafelafstemming 23 March 2021 via Teams. Baseline measurements "
            "(nulmetingen, followed up yearly) among founding fathers (Zuyd HS), students, "
            "teachers and workplace trainers (ROC Leijgraaf) and innovation-table chairs "
            "(VISTA). Event roadmap 2021-2024 (CoPpisch / CoP goes live): circulaire hub, "
            "lectoraat mbo-hbo, CoP dag van de switch, hybride docent/werknemer, Arendstraat en "
            "Hal 26 (2021); measurements and sounding boards (2022); 'de blokkendoos vol IBO's', "
            "Regieteam, new guidance and validation system (2023); making it last (2024). "
            "Channels: website, CoPPIG (newsletter), CoPpisch (events), CoProductie "
            "(reflection), CoPyright (outputs). Blind spots (000): one-sided focus on "
            "Brightlands Chemelot Campus, the vmbo link ('vmbo minder duidelijk'), too many "
            "labels, dependence on subsidy, little focus on lower levels and vulnerable groups; "
            "tips include joining ENoLL and the TIAS social impact model. Visiting address "
            "Business Center Stein, Mauritslaan 49, 6129 EL Urmond (Mon and Tue). 000 spells "
            "the site '...limborg.nl'. Start/end from the 2021-2024 roadmap and the operational "
            "collaboration type are (inferred)."
        ),
        goals=(
            "Ecosysteem leren en werken voor betere aansluiting arbeidsmarkt",
            "Verduurzamen, verslimmen, verbinden",
            "Grow together: lerend werken en werkend leren",
        ),
        collaboration_type="operational",
        themes=(
            "procesindustrie procestechniek maintenance laboratorium procestechnologen "
            "circulaire-hub circulaire-economie leven-lang-ontwikkelen zij-instroom "
            "modulair-curriculum"
        ),
        regions="NL42 GM0971",
        levels="mbo ad hbo post_initieel",
        target_groups="student_mbo_bol student_mbo_bbl student_mbo_bol_bbl zij_instromer upgrader",
        challenges="krimp personeelstekort imago afnemende_mbo_instroom mismatch hbo_uitval",
        start=date(2021, 1, 1),
        end=date(2024, 12, 31),
        funding_ends=date(2024, 12, 31),
        coordinator="person-cop-projectmanager",
        website="https://communityofpracticelimburg.nl",
        inferred="collaboration_type start_date end_date funding_ends_on",
    ),
    Initiative(
        "cop-tafel-2a",
        "Chemelot Academy: werving, selectie, plaatsing zijinstroom",
        "innovation_table",
        "vista-crm",
        "3.1 tables (001)",
        parent="cop-limburg",
        code="2A",
        description=_COP_TABLE + " Recruitment, selection and placement of lateral entrants.",
        themes="zij-instroom procestechniek",
        regions="NL42 GM0971",
        levels="mbo post_initieel",
        target_groups="zij_instromer",
        inferred="regions",
    ),
    Initiative(
        "cop-tafel-2b",
        "Real life IBO, modulair curriculum voor zijinstroom en maatwerk",
        "innovation_table",
        "vista-crm",
        "3.1 tables (001)",
        parent="cop-limburg",
        code="2B",
        description=_COP_TABLE + " IBO is not expanded in the seeds (a modular curriculum unit).",
        themes="modulair-curriculum zij-instroom",
        regions="NL42 GM0971",
        levels="mbo post_initieel",
        target_groups="zij_instromer",
        inferred="regions",
    ),
    Initiative(
        "cop-tafel-2c1",
        "Flexibel, modulair curriculum voor initieel onderwijs, interne deel",
        "innovation_table",
        "vista-crm",
        "3.1 tables (001)",
        parent="cop-limburg",
        code="2C1",
        description=_COP_TABLE,
        themes="modulair-curriculum",
        regions="NL42 GM0971",
        levels="mbo",
        target_groups="student_mbo_bol student_mbo_bbl",
        inferred="regions",
    ),
    Initiative(
        "cop-tafel-2c2",
        "Flexibel, modulair curriculum voor initieel onderwijs, externe deel CoP",
        "innovation_table",
        "vista-crm",
        "3.1 tables (001)",
        parent="cop-limburg",
        code="2C2",
        description=_COP_TABLE,
        themes="modulair-curriculum",
        regions="NL42 GM0971",
        levels="mbo",
        target_groups="student_mbo_bol student_mbo_bbl",
        inferred="regions",
    ),
    Initiative(
        "cop-tafel-2d",
        "Flexibel, modulair curriculum en mbo-hbo in CfD lab",
        "innovation_table",
        "vista-crm",
        "3.1 tables (001)",
        parent="cop-limburg",
        code="2D",
        description=_COP_TABLE + " CfD lab is not expanded in the seeds.",
        themes="modulair-curriculum laboratorium",
        regions="NL42 GM0971",
        levels="mbo hbo",
        inferred="regions",
    ),
    Initiative(
        "cop-tafel-2e",
        "Associate degree",
        "innovation_table",
        "vista-crm",
        "3.1 tables (001)",
        parent="cop-limburg",
        code="2E",
        description=_COP_TABLE + " The theme (pathway mbo-Ad-hbo) is (inferred) from the name.",
        themes="doorlopende-leerlijn",
        regions="NL42 GM0971",
        levels="ad",
        inferred="themes regions",
    ),
    Initiative(
        "cop-tafel-3",
        "Netwerkvorming en communicatie",
        "innovation_table",
        "vista-crm",
        "3.1 tables (001)",
        parent="cop-limburg",
        code="3",
        description=_COP_TABLE,
        themes="communicatie",
        regions="NL42 GM0971",
        inferred="regions",
    ),
    Initiative(
        "cop-tafel-4",
        "Verduurzaming door Lectoraat mbo-hbo",
        "innovation_table",
        "vista-crm",
        "3.1 tables (001)",
        parent="cop-limburg",
        code="4",
        description=(
            _COP_TABLE + " 'Verduurzaming' means making the work last through an mbo-hbo "
            "lectoraat (research chair), not environmental sustainability. Themes (inferred): "
            "the mbo-hbo link of the pathway ('Doorbreken zuilen MBO-HBO', 001) and innovation."
        ),
        themes="doorlopende-leerlijn innovatie",
        regions="NL42 GM0971",
        levels="mbo hbo",
        inferred="themes regions",
    ),
    Initiative(
        "mbo-watt",
        "MBO WATT: The World According To Technology",
        "programme",
        "vista-crm",
        "3.1 (001)",
        aliases=("MBO WATT",),
        parent="cop-limburg",
        description="CoP's vision on mbo education (a vision / programme label).",
        themes="technologie-maakindustrie",
        levels="mbo",
    ),
    Initiative(
        "circulaire-hub",
        "Circulaire HUB",
        "hub",
        "vista-crm",
        "3.1 (000, 001)",
        description=(
            "Hub and theme in the Chemelot context; drives labour demand and attracts young "
            "people ('speel hier op in'). A 2021 CoP event topic. Site (inferred)."
        ),
        themes="circulaire-hub circulaire-economie",
        regions="SITE-CHEMELOT",
        inferred="regions",
    ),
    # --- Provincie Limburg (004) ---------------------------------------------------------------
    Initiative(
        "kadernotitie-onderwijs-2016-2019",
        "Kadernotitie Onderwijs 2016-2019",
        "programme",
        "provincie-limburg",
        "3.2, 3.8 (004)",
        aliases=("onderwijskwaliteit van de toekomst",),
        description=(
            "Provincial policy and funding frame for education; its investment line "
            "'onderwijskwaliteit van de toekomst' (and the progress memo 'onderwijskwaliteit "
            "voor de toekomst') co-finances De Werkplaats."
        ),
        collaboration_type="strategic",
        themes="onderwijs-arbeidsmarkt",
        regions="NL42",
        levels="po vo",
        start=date(2016, 1, 1),
        end=date(2019, 12, 31),
    ),
    Initiative(
        "werkgroep-po-vo",
        "Werkgroep po/vo",
        "platform",
        "provincie-limburg",
        "3.2 (004)",
        description=(
            "Working group of delegated school-board members from Noord-, Midden- and "
            "Zuid-Limburg; met on 30 November 2016 and asked Kennisland to facilitate and work "
            "out the De Werkplaats proposal. Kind 'platform' is our mapping (inferred)."
        ),
        collaboration_type="strategic",
        themes="doorlopende-leerlijn",
        regions="CR37 CR38 CR39",
        levels="po vo",
        start=D_004,
        inferred="kind",
    ),
    Initiative(
        "l-point",
        "L-point",
        "platform",
        "provincie-limburg",
        "3.2 (004)",
        aliases=("Limburg breed Platform Onderwijs Innovatie en Talentontwikkeling",),
        description=(
            "Earlier proposed Limburg-wide platform for education innovation and talent "
            "development; dropped for 'niet voldoende representativiteit en draagvlak ... vanuit "
            "alle regio's'. Its building blocks were reused in De Werkplaats (registered as its "
            "successor)."
        ),
        themes="innovatie talentontwikkeling",
        regions="NL42",
        levels="po vo",
        status="idea",
    ),
    Initiative(
        "de-werkplaats",
        "De Werkplaats",
        "programme",
        "provincie-limburg",
        "3.2 (004)",
        aliases=("DE innovatieagenda voor het onderwijs in de Provincie Limburg",),
        description=(
            "Proposal and action agenda for education innovation in po and vo in Limburg; "
            "'vormt geen nieuw instituut'. Owned by the Limburg school boards, co-financed by "
            "the Province (Kadernotitie Onderwijs 2016-2019), worked out by Kennisland. 15 "
            "guiding principles, e.g. 'alleen wie wil doet mee'. Three components: De "
            "Marktplaats, De Vrijplaats, De Buitenplaats (registered as children). Focus: "
            "doorlopende leerlijn po-vo, talentontwikkeling and digitalisering; vision year "
            "2030. A proposal at the time of the seed (status idea); late 2016 or early 2017 "
            "(inferred)."
        ),
        goals=(
            "Make existing initiatives visible and let schools learn from each other",
            "Support new teacher-team initiatives",
            "Start new collaborations between schools and the outside world",
        ),
        collaboration_type="strategic",
        themes="doorlopende-leerlijn talentontwikkeling digitalisering",
        regions="NL42 CR37 CR38 CR39",
        levels="po vo",
        target_groups="leerling_po leerling_vo docent",
        status="idea",
    ),
    Initiative(
        "de-marktplaats",
        "De Marktplaats",
        "programme",
        "provincie-limburg",
        "3.2 (004)",
        parent="de-werkplaats",
        description=(
            "Component of De Werkplaats: collects all existing initiatives 'van klein tot "
            "groot' on the InnovatieKaart van Limburg and organises pitch meetings; recognition "
            "and learning from each other. No theme restriction."
        ),
        regions="NL42",
        levels="po vo",
        status="idea",
    ),
    Initiative(
        "de-vrijplaats",
        "De Vrijplaats",
        "programme",
        "provincie-limburg",
        "3.2 (004)",
        parent="de-werkplaats",
        description=(
            "Component of De Werkplaats: an incubator for new teacher-team initiatives with a "
            "small grant from the InnovatieFonds, coaching, a learning network and Vrijplaats "
            "Ateliers. Criteria: toepasbaarheid, overdraagbaarheid, involving parents and "
            "pupils; selection in rounds, themed ideas get 'een streepje voor'. To be linked "
            "with the provincial micro-projects."
        ),
        themes="doorlopende-leerlijn talentontwikkeling digitale-leermiddelen",
        regions="NL42",
        levels="po vo",
        target_groups="docent",
        status="idea",
    ),
    Initiative(
        "de-buitenplaats",
        "De Buitenplaats",
        "programme",
        "provincie-limburg",
        "3.2 (004)",
        parent="de-werkplaats",
        description=(
            "Component of De Werkplaats: new collaborations between schools and ondernemers, "
            "bedrijven, maatschappelijke instellingen and gemeenten; an annual challenge that "
            "selects about 5 initiatives."
        ),
        themes="doorlopende-leerlijn talentontwikkeling digitalisering",
        regions="NL42",
        levels="po vo",
        status="idea",
    ),
    Initiative(
        "innovatiekaart-limburg",
        "InnovatieKaart van Limburg",
        "platform",
        "provincie-limburg",
        "3.2 (004)",
        aliases=("Limburg van Boven",),
        parent="de-marktplaats",
        description=(
            "Digital map of all education initiatives in Limburg, to 'letterlijk te gaan gluren "
            "bij de buren'."
        ),
        regions="NL42",
        levels="po vo",
        status="idea",
        inferred="kind",
    ),
    Initiative(
        "innovatiefonds-vrijplaats",
        "InnovatieFonds De Vrijplaats",
        "fonds",
        "provincie-limburg",
        "3.2, 3.8 (004)",
        aliases=("InnovatieFonds",),
        parent="de-vrijplaats",
        description="'Een klein bedrag' per selected Vrijplaats initiative.",
        regions="NL42",
        levels="po vo",
        status="idea",
    ),
    Initiative(
        "microprojecten-educatieve-agenda",
        "Microprojecten uit de educatieve agenda van de Provincie Limburg",
        "programme",
        "provincie-limburg",
        "3.2, 3.8 (004)",
        description=(
            "Existing provincial micro-projects, to be linked to De Vrijplaats so that tracks "
            "do not run in parallel."
        ),
        regions="NL42",
    ),
)

# ---------------------------------------------------------------------------------------------
# Partners (organisations only; people are not partners)
# ---------------------------------------------------------------------------------------------
_T = "topsectoren"
_O = "ord-2023"
_M = "mboin2030"
_V = "vista-crm"
_L = "provincie-limburg"
_S37 = "3.7 (003)"
_CREDIT = "Credited in the colophon of 003 (production); not a network participant."
# Where a seed names only a kind of organisation ("vmbo", "gemeente", "basisscholen"), one or two
# clearly labelled stand-ins of that kind are registered; their name and every field the seed does
# not give are listed in `inferred`.
KIND_ONLY = "(inferred: the seeds name the kind, not the organisation)"

PARTNERS: tuple[Partner, ...] = (
    # --- topsectoren (003) ---------------------------------------------------------------------
    *(
        Partner(
            f"topsector-{slug}",
            f"Topsector {name}",
            "topsector",
            _T,
            _S37,
            themes=theme,
            regions="NL",
            note="Author and owner of the learning-communities agenda.",
        )
        for slug, name, theme in (
            ("logistiek", "Logistiek", "logistiek"),
            ("energie", "Energie", "energie"),
            ("creatieve-industrie", "Creatieve Industrie", "creatieve-industrie"),
            ("lsh", "Life Sciences & Health", "life-sciences-health"),
            ("chemie", "Chemie", "chemie-procesindustrie"),
            ("htsm", "HTSM", "htsm"),
            ("water", "Water", "watersector"),
            ("ict", "ICT", "ict"),
            ("agri-food", "Agri & Food", "agri-food"),
            ("tuinbouw", "Tuinbouw & Uitgangsmaterialen", "tuinbouw"),
        )
    ),
    Partner(
        "pbt",
        "PBT",
        "netwerk",
        _T,
        "3.7 (003)",
        aliases=("Platform Bèta Techniek",),
        regions="GM0518",
        inferred="kind regions",
        ext="aliases",
        note="Co-publisher of 003 (Den Haag, June 2017) and its project team; contact of pilot 4.",
    ),
    Partner("ministerie-ez", "Ministerie van EZ", "ministerie", _T, _S37, regions="NL"),
    Partner("ministerie-szw", "Ministerie van SZW", "ministerie", _T, _S37, regions="NL"),
    Partner("regieorgaan-sia", "Regieorgaan SIA", "kennisregie", _T, _S37, regions="NL"),
    Partner("surfnet", "SURFnet", "kennisregie", _T, _S37, regions="NL"),
    Partner("ser", "SER", "adviesorgaan", _T, _S37, regions="NL"),
    Partner("onderwijsraad", "Onderwijsraad", "adviesorgaan", _T, _S37, regions="NL"),
    Partner("oecd", "OESO/OECD", "adviesorgaan", _T, _S37, aliases=("OESO", "OECD")),
    Partner("commissie-sap", "Commissie Sap", "adviesorgaan", _T, _S37, regions="NL"),
    Partner("vno-ncw", "VNO-NCW", "koepel", _T, _S37, regions="NL"),
    Partner("vereniging-hogescholen", "Vereniging Hogescholen", "koepel", _T, _S37, regions="NL"),
    Partner(
        "mbo-raad",
        "MBO-Raad",
        "koepel",
        _T,
        "3.6, 3.7 (002, 003)",
        regions="NL",
        note="Addressee of 002: teaching-time and examination rules clash with flexibility.",
    ),
    Partner("nrto", "NRTO", "koepel", _T, _S37, regions="NL"),
    Partner("ecorys", "Ecorys", "research_bureau", _T, _S37),
    Partner("rvo", "RVO", "uitvoeringsorganisatie", _T, "3.7, 3.8 (003)", regions="NL"),
    Partner("europese-unie", "EU", "eu", _T, "3.8, 3.9 (003)", regions="EU"),
    Partner(
        "katapult",
        "Katapult",
        "netwerk",
        _T,
        _S37,
        regions="NL",
        note="PPS network; source of the PPS building blocks used in 001.",
    ),
    Partner(
        "world-economic-forum",
        "World Economic Forum",
        "adviesorgaan",
        _T,
        _S37,
        opt_in=False,
        inferred="kind",
        note="Only cited for a statistic (>5 million jobs lost by 2020).",
    ),
    Partner(
        "tu-delft",
        "TU Delft",
        "universiteit",
        _T,
        _S37,
        levels="wo",
        note="Affiliation of an advisory-committee member and of a research-committee member.",
    ),
    Partner(
        "uva",
        "UvA",
        "universiteit",
        _T,
        _S37,
        levels="wo",
        note="Affiliation of an advisory-committee member.",
    ),
    Partner(
        "universiteit-twente",
        "UT",
        "universiteit",
        _T,
        _S37,
        levels="wo",
        aliases=("Universiteit Twente",),
        ext="aliases",
        note="Affiliation of an advisory-committee member.",
    ),
    Partner(
        "accenture",
        "Accenture",
        "grootbedrijf",
        _T,
        _S37,
        inferred="kind",
        note="Affiliation of an advisory-committee member.",
    ),
    Partner(
        "alom-business-service",
        "Al'om Business Service B.V.",
        "mkb",
        _T,
        _S37,
        legal_form="B.V.",
        inferred="kind",
        note="Affiliation of the research-committee lead.",
    ),
    Partner(
        "texcellent", "Texcellent", "mkb", _T, _S37, opt_in=False, inferred="kind", note=_CREDIT
    ),
    Partner("bureaubas", "BUREAUBAS", "mkb", _T, _S37, opt_in=False, inferred="kind", note=_CREDIT),
    Partner(
        "hollandse-hoogte",
        "Hollandse Hoogte",
        "mkb",
        _T,
        _S37,
        opt_in=False,
        inferred="kind",
        note=_CREDIT,
    ),
    Partner(
        "jongens-van-de-tekeningen",
        "Jongens van de Tekeningen",
        "mkb",
        _T,
        _S37,
        opt_in=False,
        inferred="kind",
        note=_CREDIT,
    ),
    Partner(
        "da-vinci-college",
        "ROC Da Vinci College",
        "roc",
        _T,
        "3.4 (003)",
        aliases=("Da Vinci College",),
        levels="mbo",
        regions="GM0505",
        ext="regions",
        note="Built the Energie Transitie Huis inside the DZHF; maritime-automation partner.",
    ),
    Partner(
        "brainport-industries",
        "Brainport Industries",
        "brancheorganisatie",
        _T,
        "3.4 #3 (003)",
        themes="htsm",
        regions="GM0772",
        inferred="kind themes",
        ext="regions",
        note="Contact organisation of pilot 3.",
    ),
    Partner(
        "ispt",
        "ISPT",
        "research_institute",
        _T,
        "3.4 #5 (003)",
        inferred="kind",
        note="Printed as 'ISPT-VNCI' (contact of POPUP-Safety); split in two (ext).",
    ),
    Partner(
        "vnci",
        "VNCI",
        "brancheorganisatie",
        _T,
        "3.4 #5 (003)",
        themes="chemie-procesindustrie",
        inferred="kind",
        ext="themes",
        note="Printed as 'ISPT-VNCI' (contact of POPUP-Safety); split in two (ext).",
    ),
    Partner(
        "seece",
        "SEECE",
        "research_institute",
        _T,
        "3.4 #6 (003)",
        inferred="kind",
        note="Contact organisation of Teachers Learning in Energy.",
    ),
    Partner(
        "rdm-centre-of-expertise",
        "RDM Centre of Expertise",
        "research_institute",
        _T,
        "3.4 #7 (003)",
        themes="additive-manufacturing",
        inferred="kind",
        note="A centre of expertise (hbo) that runs Fieldlab RDM; registered as a partner.",
    ),
    Partner(
        "bno",
        "BNO",
        "brancheorganisatie",
        _T,
        "3.4 #10 (003)",
        aliases=("Beroepsorganisatie Nederlandse Ontwerpers",),
        themes="ontwerpers",
        regions="NL",
    ),
    Partner(
        "waterkennisbank",
        "Waterkennisbank",
        "kennisregie",
        _T,
        "3.4 #12 (003)",
        themes="watersector",
        inferred="kind",
    ),
    Partner(
        "duurzaamheidsfabriek",
        "Duurzaamheidsfabriek",
        "lab",
        _T,
        "3.4 #13 (003)",
        themes="smart-industry maritieme-automatisering",
        regions="GM0505",
        inferred="kind",
        ext="regions",
        note="Organisation behind Fieldlab DZHF and home of the Energie Transitie Huis.",
    ),
    Partner(
        "smart-industry-projectbureau",
        "Smart Industry projectbureau",
        "netwerk",
        _T,
        "3.4 #13 (003)",
        themes="smart-industry",
        regions="NL",
        inferred="kind",
    ),
    Partner(
        "nhtv",
        "NHTV",
        "hogeschool",
        _T,
        "3.4 #15 (003)",
        levels="hbo",
        regions="GM0758",
        ext="regions",
    ),
    Partner(
        "otib",
        "OTIB",
        "o_en_o_fonds",
        _T,
        "3.4 #16 (003)",
        inferred="kind",
        note="Sector fund (inferred in the brief).",
    ),
    Partner(
        "tki-wind-op-zee",
        "TKI Wind op Zee",
        "topsector",
        _T,
        "3.4 #17 (003)",
        themes="wind-op-zee",
        regions="NL",
        note="A TKI; the contract has no 'tki' partner kind.",
    ),
    Partner(
        "vereniging-van-waterbouwers",
        "Vereniging van Waterbouwers",
        "brancheorganisatie",
        _T,
        "3.4 #18 (003)",
        themes="waterbouw",
        regions="NL",
    ),
    Partner(
        "knw",
        "Koninklijk Nederlands Waternetwerk",
        "brancheorganisatie",
        _T,
        "3.4 #19 (003)",
        aliases=("KNW",),
        themes="watersector",
        regions="NL",
    ),
    Partner("tno", "TNO", "research_institute", _T, "3.4 #21 (003)", regions="NL"),
    Partner(
        "awwn",
        "AWWN",
        "netwerk",
        _T,
        "3.4 #21 (003)",
        inferred="kind",
        note="Kind not stated in the seeds.",
    ),
    Partner("fnv", "FNV", "sociale_partner", _T, "3.4 #21 (003)", regions="NL"),
    Partner(
        "valk-welding",
        "Valk Welding",
        "mkb",
        _T,
        "3.4 (003)",
        themes="lasrobotica",
        inferred="kind themes",
        note="Welding robotics (inferred); DZHF chain partner.",
    ),
    Partner(
        "scheepswerf-slob",
        "Scheepswerf Slob",
        "mkb",
        _T,
        "3.4 (003)",
        inferred="kind",
        note="Shipyard whose employees learn with students (DZHF).",
    ),
    Partner(
        "de-waal",
        "de Waal",
        "mkb",
        _T,
        "3.4 (003)",
        inferred="kind",
        note="DZHF partner; kind not stated in the seeds.",
    ),
    Partner(
        "roc-aoc-noord-nederland",
        "ROC's en AOC's in Noord-Nederland",
        "roc",
        _T,
        "3.4 #1 (003)",
        levels="mbo",
        themes="energie",
        regions="NL1",
        note="A collective of mbo institutions (not named one by one in the seed).",
    ),
    Partner(
        "overheden-noord-nederland",
        "Overheden in Noord-Nederland",
        "provincie",
        _T,
        "3.4 #1 (003)",
        regions="NL1",
        inferred="kind",
        note=(
            "Energy College is 'een samenwerking tussen overheden, het bedrijfsleven "
            "(voornamelijk mkb) en de ROC's en AOC's in Noord-Nederland': a collective, like the "
            "ROCs and AOCs; kind provincie (rather than gemeente) is (inferred)."
        ),
    ),
    Partner(
        "bedrijfsleven-noord-nederland",
        "Bedrijfsleven in Noord-Nederland (voornamelijk mkb)",
        "mkb",
        _T,
        "3.4 #1 (003)",
        size="mkb",
        themes="energietransitie wind-op-zee zonne-energie geothermie",
        regions="NL1",
        inferred="themes",
        note=(
            "The companies of Energy College, a collective: 'Bedrijven brengen kennis, materiaal "
            "en stage-mogelijkheden in'. Themes are Energy College's energy domains (inferred)."
        ),
    ),
    # --- ORD 2023 (002) -------------------------------------------------------------------------
    Partner(
        "noorderpoort",
        "Noorderpoort",
        "roc",
        _O,
        "3.3 (002)",
        levels="mbo",
        regions="NL11",
        inferred="kind regions",
    ),
    Partner(
        "roc-van-twente", "ROC van Twente", "roc", _O, "3.3 (002)", levels="mbo", regions="CR12"
    ),
    Partner(
        "horizon",
        "Horizon",
        "roc",
        _O,
        "3.3 (002)",
        aliases=("Horizon College",),
        levels="mbo",
        regions="NL32",
        inferred="kind",
        ext="aliases",
    ),
    Partner(
        "clusius-college",
        "Clusius College",
        "aoc",
        _O,
        "3.3 (002)",
        aliases=("Clusius",),
        levels="mbo",
        themes="groen-onderwijs",
        regions="NL32",
    ),
    Partner(
        "nova",
        "Nova",
        "roc",
        _O,
        "3.3 (002)",
        aliases=("Nova College",),
        levels="mbo",
        regions="NL32",
        inferred="kind",
        ext="aliases",
    ),
    Partner(
        "regio-c",
        "Regio-C",
        "roc",
        _O,
        "3.3 (002)",
        aliases=("Regio College",),
        levels="mbo",
        regions="NL32",
        inferred="kind",
        ext="aliases",
    ),
    Partner(
        "scalda",
        "Scalda",
        "roc",
        _O,
        "3.3 (002)",
        levels="mbo",
        regions="NL34",
        inferred="kind",
        ext="regions",
    ),
    Partner(
        "grafisch-lyceum-rotterdam",
        "Grafisch Lyceum Rotterdam",
        "vakschool",
        _O,
        "3.3 (002)",
        levels="mbo",
        themes="grafisch creatieve-industrie",
        regions="GM0599",
    ),
    Partner(
        "nimeto",
        "Nimeto",
        "vakschool",
        _O,
        "3.3 (002)",
        levels="mbo",
        regions="GM0344",
        inferred="kind",
        ext="regions",
    ),
    Partner(
        "friesland-college",
        "Friesland College",
        "roc",
        _O,
        "3.3 (002)",
        levels="mbo",
        regions="NL12",
    ),
    Partner(
        "aeres",
        "Aeres",
        "aoc",
        _O,
        "3.3 (002)",
        levels="mbo",
        themes="groen-onderwijs food",
        regions="GM0267",
        inferred="regions",
    ),
    Partner(
        "zadkine", "Zadkine", "roc", _O, "3.3 (002)", levels="mbo", regions="GM0599", ext="regions"
    ),
    Partner("vu", "VU", "universiteit", _O, "3.6 (002, 003)", levels="wo"),
    Partner(
        "seo",
        "SEO Economisch Onderzoek",
        "research_bureau",
        _O,
        "3.6 (002, 003)",
        aliases=("SEO",),
        regions="GM0363",
        ext="regions",
    ),
    Partner(
        "han",
        "HAN",
        "hogeschool",
        _O,
        "3.6 (002, 003)",
        aliases=("HAN University of Applied Sciences",),
        levels="hbo",
        regions="GM0268",
    ),
    Partner(
        "han-lectoraat-responsief-beroepsonderwijs",
        "HAN Lectoraat Responsief Beroepsonderwijs",
        "lectoraat",
        _O,
        "3.6 (002)",
        regions="GM0268",
        note="Authors of 'De lerende regio'.",
    ),
    Partner("nro", "NRO", "kennisregie", _O, "3.6, 3.7 (002, 003)", regions="NL"),
    Partner("roa", "ROA", "research_bureau", _O, "3.6 (002)"),
    Partner("kba", "KBA", "research_bureau", _O, "3.6 (002)"),
    Partner("researchned", "ResearchNed", "research_bureau", _O, "3.6 (002)"),
    Partner("turf", "Turf", "research_bureau", _O, "3.6 (002)"),
    Partner(
        "ministerie-ocw",
        "Ministerie van OCW",
        "ministerie",
        _O,
        "3.6, 3.7, 3.8",
        aliases=("OCW",),
        regions="NL",
        note="Commissioned STO; funds CiVs and CoEs; recommended stimuleringsregelingen.",
    ),
    # --- MBOin2030 (002) ------------------------------------------------------------------------
    Partner(
        "stichting-sherpa",
        "Stichting Sherpa",
        "zorginstelling",
        _M,
        "3.5 (002)",
        legal_form="stichting",
        themes="gehandicaptenzorg",
    ),
    Partner("roc-landstede", "ROC Landstede", "roc", _M, "3.5 (002)", levels="mbo"),
    Partner("roc-deltion", "ROC Deltion", "roc", _M, "3.5 (002)", levels="mbo"),
    Partner(
        "roc-amsterdam",
        "ROC A'dam",
        "roc",
        _M,
        "3.5 (002)",
        aliases=("ROC van Amsterdam",),
        levels="mbo",
        regions="GM0363",
        ext="aliases",
    ),
    Partner(
        "libereaux",
        "Libereaux",
        "mkb",
        _M,
        "3.5 (002)",
        inferred="kind",
        note="Kind not stated in the seeds.",
    ),
    Partner(
        "yuverta",
        "Yuverta",
        "aoc",
        _M,
        "3.5 (002)",
        levels="mbo",
        themes="groen-onderwijs",
        inferred="kind",
    ),
    Partner(
        "heineken",
        "Heineken",
        "grootbedrijf",
        _M,
        "3.5 (002)",
        themes="food",
        inferred="kind themes",
    ),
    Partner(
        "frieslandcampina",
        "FrieslandCampina",
        "grootbedrijf",
        _M,
        "3.5 (002)",
        themes="food",
        inferred="kind themes",
    ),
    Partner("sintlucas", "Sintlucas", "vakschool", _M, "3.5 (002)", levels="mbo", inferred="kind"),
    Partner(
        "tello-academy",
        "TeLLO.academy",
        "private_opleider",
        _M,
        "3.5 (002)",
        inferred="kind",
        note="Kind not stated; source on task and role development.",
    ),
    # --- VISTA CRM (000, 001) -------------------------------------------------------------------
    Partner(
        "vista-college",
        "VISTA college",
        "roc",
        _V,
        "3.1 (000, 001, 002)",
        aliases=("Vista",),
        levels="mbo",
        programmes=(
            ("PT", "bol"),
            ("MT", "bol"),
            ("LAB", "bol"),
            ("PT", "bbl"),
            ("MT", "bbl"),
            ("LAB", "bbl"),
        ),
        themes="procestechniek maintenance laboratorium",
        regions="CR39",
        target_groups="student_mbo_bol student_mbo_bbl zij_instromer",
        has_coordinator=True,
        inferred="regions",
        note=(
            "Employer of the CoP project team; 9 sounding-board seats; trains lateral entrants "
            "(bbl PT and MT). PT/MT/LAB = procestechniek/maintenance/laboratorium (inferred)."
        ),
    ),
    Partner(
        "zuyd-hogeschool",
        "Zuyd Hogeschool",
        "hogeschool",
        _V,
        "3.1 (000, 001)",
        aliases=("Zuyd HS", "Zuyd"),
        levels="hbo",
        themes="procesindustrie laboratorium doorlopende-leerlijn",
        regions="CR39",
        target_groups="student_hbo",
        inferred="regions themes",
        note=(
            "CoP's hbo partner: 'CoP verbindt CHILL, VISTA college, Zuyd HS ...', 'Founding "
            "Fathers: Zuyd HS' of the baseline measurement, the mbo-hbo lectoraat of table 4 and "
            "the hbo link through CHILL ('Duidelijke aansluiting met hbo (CHILL)'); shares 6 "
            "sounding-board seats with Fontys. Themes (inferred) from the slide 'Onderzoek & "
            "(proces)Industrie verbinden met Chemelot Campus', CHILL's LAB and the CfD lab of "
            "table 2D, and the mbo-hbo pathway."
        ),
    ),
    Partner(
        "fontys",
        "Fontys",
        "hogeschool",
        _V,
        "3.1 (000)",
        levels="hbo",
        regions="NL41 GM0983",
        ext="regions",
        note="Sounding-board member (HBO Zuyd/Fontys, 6 seats).",
    ),
    Partner(
        "universiteit-maastricht",
        "Universiteit Maastricht",
        "universiteit",
        _V,
        "3.1 (001)",
        levels="wo",
        themes="procesindustrie",
        regions="GM0935",
        inferred="themes",
        note=(
            "The wo partner in 'Partners en schillen', on the slide 'Onderzoek & "
            "(proces)Industrie verbinden met Chemelot Campus' (theme inferred from that title)."
        ),
    ),
    Partner(
        "chill",
        "CHILL B.V.",
        "lab",
        _V,
        "3.1 (000, 001)",
        aliases=("CHILL", "Chemelot Innovation and Learning Labs"),
        legal_form="B.V.",
        themes="laboratorium procestechniek",
        regions="SITE-CHEMELOT",
        facilities=("LAB PT en MT",),
        ext="aliases",
        inferred="facilities",
        note=(
            "'CHILL bestaat al 10 jaar' (2021); a stronger brand than CoP; clear connection "
            "with hbo. Holder of the LAB facilities in the matrix (inferred)."
        ),
    ),
    Partner(
        "chemelot",
        "Chemelot",
        "campus_operator",
        _V,
        "3.1 (000, 001)",
        # One organisation for the seeds' 'Chemelot', 'Chemelot Campus', 'Chemelot Site' and
        # 'Brightlands Chemelot Campus' (BCC): the seeds do not separate them, and three
        # partners for one site made the network show the same party three times.
        aliases=(
            "Chemelot Campus",
            "Chemelot Site",
            "Brightlands Chemelot Campus",
            "BCC",
            "Brightland Chemelot Campus",
        ),
        themes="procesindustrie chemie-procesindustrie circulaire-economie klimaatambitie",
        regions="SITE-CHEMELOT SITE-BCC",
        challenges="personeelstekort imago",
        inferred="kind",
        note=(
            "The industrial site and its campus as the seeds name them ('Chemelot', 'Chemelot "
            "Campus', 'Chemelot Site', 'Brightlands Chemelot Campus'; one partner here, the "
            "other names are aliases): demand for procestechnologen; image 'de oude "
            "vervuilende DSM'; the campus's explosive growth drives labour demand; CoP's "
            "one-sided focus."
        ),
    ),
    Partner(
        "brightlands",
        "Brightlands",
        "netwerk",
        _V,
        "3.1 (000)",
        aliases=("Brightland",),
        regions="NL42",
        inferred="kind",
        note="Brand / network label, one of the 'teveel aparte labels'.",
    ),
    Partner(
        "brightsite",
        "Brightsite B.V.",
        "research_institute",
        _V,
        "3.1 (000, 001)",
        aliases=("Brightsight", "Chemelot Brightsight"),
        legal_form="B.V.",
        themes="procesindustrie",
        regions="SITE-CHEMELOT",
        inferred="kind themes",
        note="Connects research and (process) industry with Chemelot Campus.",
    ),
    Partner(
        "chemelot-academy",
        "Chemelot Academy B.V.",
        "bedrijfsopleiding",
        _V,
        "3.1 (001)",
        aliases=("Chemelot Academy",),
        legal_form="B.V.",
        levels="post_initieel",
        themes="zij-instroom procestechniek",
        regions="SITE-CHEMELOT",
        target_groups="zij_instromer",
        note="Innovation table 2A; lateral entry via VISTA (bbl PT and MT).",
    ),
    Partner(
        "chemelot-talent-office",
        "Chemelot Talent Office",
        "career_center",
        _V,
        "3.1 (001)",
        themes="talentontwikkeling",
        regions="SITE-CHEMELOT",
        note="Connected by CoP.",
    ),
    Partner(
        "career-center",
        "Career Center B.V.",
        "career_center",
        _V,
        "3.1 (001)",
        legal_form="B.V.",
        themes="employability",
        regions="SITE-CHEMELOT",
        inferred="regions",
        note="In 'Partners en schillen' (domain 'Carrière').",
    ),
    Partner(
        "pml",
        "PML",
        "brancheorganisatie",
        _V,
        "3.1 (000, 001)",
        aliases=("PML klankbord (procestechniek, maintenance Limburg)",),
        themes="procestechniek maintenance",
        regions="NL42",
        target_groups="mkb",
        inferred="kind",
        note="Network of process and maintenance companies; the connection with mkb.",
    ),
    Partner(
        "zuyderland",
        "Zuyderland",
        "zorginstelling",
        _V,
        "3.1 (000)",
        themes="zorg",
        regions="CR39",
        ext="regions",
        note="CoP already has a connection with it (hospital inferred).",
    ),
    Partner(
        "ziekenhuizen-maastricht",
        "Ziekenhuizen Maastricht",
        "zorginstelling",
        _V,
        "3.1 (000)",
        themes="ziekenhuizen zorg",
        regions="GM0935",
        note="Generic: 'hoe ziekenhuizen Maastricht betrekken?'.",
    ),
    Partner(
        "dsm",
        "DSM",
        "grootbedrijf",
        _V,
        "3.1 (001)",
        themes="chemie-procesindustrie",
        opt_in=False,
        inferred="kind",
        note="Only as the image 'de oude vervuilende DSM'.",
    ),
    Partner(
        "vmbo-school-sittard-geleen",
        "Vmbo-school met techniekprofiel, Sittard-Geleen (representatief)",
        "school_vo",
        _V,
        "3.1, 3.6 (000, 001, 002)",
        levels="vmbo",
        themes="technologie-maakindustrie doorlopende-leerlijn",
        regions="GM1883",
        target_groups="jongeren_vmbo leerling_vo",
        challenges="personeelstekort lerarentekort",
        inferred="name themes regions target_groups challenges",
        note=(
            "Stand-in for the vmbo near Chemelot that CoP misses ('Duidelijke aansluiting met "
            "hbo (CHILL), vmbo minder duidelijk', 000; matrix 'Werven: Jongeren (vmbo)' and "
            "'Samenwerking met onderwijs: Vmbo/havo', 001) and for STO's technical vmbo "
            "('Belangstelling voor techniek stimuleren', vmbo interests incl. 'Personeelstekort', "
            "002). " + KIND_ONLY
        ),
    ),
    Partner(
        "vo-school-stein",
        "Vo-school vmbo/havo, Stein (representatief)",
        "school_vo",
        _V,
        "3.1 (000, 001)",
        levels="vmbo havo",
        themes="doorlopende-leerlijn talentontwikkeling",
        regions="GM0971",
        target_groups="leerling_vo jongeren_vmbo",
        inferred="name themes regions target_groups",
        note=(
            "Stand-in for the 'Vmbo/havo' row of CoP's matrix (001) and the vo that should "
            "'experimenteren/participeren bij bedrijven' and discover 'waar interesses en talenten "
            "liggen' (000); Stein is CoP's own municipality (Urmond). " + KIND_ONLY
        ),
    ),
    Partner(
        "roc-leijgraaf",
        "ROC Leijgraaf",
        "roc",
        _V,
        "3.1 (001)",
        levels="mbo",
        note="Employer of the researcher of CoP's baseline measurement among students, "
        "teachers and workplace trainers.",
    ),
    Partner(
        "enoll",
        "ENoLL",
        "netwerk",
        _V,
        "3.1 (000)",
        aliases=("European Network of Living Labs", "ENOLL"),
        regions="EU",
        note="Tip in 000: join ENoLL at EU level for quality assurance.",
    ),
    Partner(
        "tias",
        "TIAS",
        "universiteit",
        _V,
        "3.1 (000)",
        inferred="kind",
        note="Owner of the 'Social impact compact' evaluation model (a tip in 000).",
    ),
    # --- Provincie Limburg (004) ----------------------------------------------------------------
    Partner(
        "provincie-limburg",
        "Provincie Limburg",
        "provincie",
        _L,
        "3.1, 3.2 (000, 001, 004)",
        aliases=("Regio Limburg",),
        themes="onderwijs-arbeidsmarkt",
        regions="NL42",
        note="5 CoP sounding-board seats; co-financier of De Werkplaats; owner of the "
        "Kadernotitie and the educational agenda.",
    ),
    Partner(
        "limburgse-schoolbesturen",
        "Limburgse schoolbesturen",
        "koepel",
        _L,
        "3.2 (004)",
        helix="onderwijs",
        levels="po vo",
        themes="doorlopende-leerlijn talentontwikkeling digitalisering",
        regions="NL42 CR37 CR38 CR39",
        target_groups="leerling_po leerling_vo",
        inferred="kind themes",
        note="The school boards (collective) that own De Werkplaats; themes taken from "
        "De Werkplaats (inferred).",
    ),
    Partner(
        "po-schoolbestuur-zuid-limburg",
        "Schoolbestuur primair onderwijs Zuid-Limburg (representatief)",
        "school_po",
        _L,
        "3.2 (004), 000",
        levels="po",
        themes="doorlopende-leerlijn talentontwikkeling digitalisering",
        regions="CR39",
        target_groups="leerling_po",
        inferred="name themes regions target_groups",
        note=(
            "Stand-in for the po side of De Werkplaats (po/vo; 'doorlopende leerlijn po-vo', "
            "Werkgroep po/vo of school-board delegates from Noord-, Midden- and Zuid-Limburg, "
            "004) and for CoP's tip 'Zet al vroeg in (PO/VO)' (000). Themes are De Werkplaats' "
            "focus. " + KIND_ONLY
        ),
    ),
    Partner(
        "gemeente-sittard-geleen",
        "Gemeente Sittard-Geleen (representatief)",
        "gemeente",
        _L,
        "3.1, 3.2 (001, 003, 004)",
        themes="talentontwikkeling leven-lang-ontwikkelen",
        regions="GM1883",
        challenges="krimp imago",
        inferred="name themes challenges",
        note=(
            "Stand-in for 'de gemeente' that De Buitenplaats seeks as an outside partner (004) "
            "and for 'Gemeente en Provincie (stimuleren en behouden van kennis in de regio)' in "
            "CoP's 'What is in it for me' (001: aansluiting arbeidsmarkt, talent / Leven Lang "
            "Leren, imago of the region); 003: 'Lokale overheden ... vervullen ze een mooie "
            "verbindende rol'. Chemelot lies in this municipality. " + KIND_ONLY
        ),
    ),
    Partner(
        "kennisland",
        "Kennisland",
        "denktank",
        _L,
        "3.2 (004)",
        inferred="kind",
        note="Facilitated the working group and worked out the De Werkplaats proposal.",
    ),
)

# ---------------------------------------------------------------------------------------------
# Memberships (partner.joined-initiative)
# ---------------------------------------------------------------------------------------------
_TS_TEAM = ("energie", "logistiek", "creatieve-industrie", "lsh")
_TS_OTHER = ("chemie", "htsm", "water", "ict", "agri-food", "tuinbouw")

MEMBERSHIPS: tuple[Membership, ...] = (
    # learning-communities agenda: project team and owners (003 colophon)
    *(Membership(f"topsector-{s}", LC_AGENDA, "lead", D_003) for s in _TS_TEAM),
    *(Membership(f"topsector-{s}", LC_AGENDA, "partner", D_003) for s in _TS_OTHER),
    Membership("pbt", LC_AGENDA, "lead", D_003),
    # pilots: the contact organisations of the colophon
    Membership("roc-aoc-noord-nederland", "energy-college", "partner", D_003),
    Membership("overheden-noord-nederland", "energy-college", "partner", D_003),
    Membership("bedrijfsleven-noord-nederland", "energy-college", "partner", D_003),
    Membership("da-vinci-college", "energie-transitie-huis", "lead", D_003),
    Membership("brainport-industries", "experiment-lerend-leven", "lead", D_003),
    Membership("pbt", "lll-coe-civ", "lead", D_003),
    Membership("ispt", "popup-safety", "partner", D_003),
    Membership("vnci", "popup-safety", "partner", D_003),
    Membership("seece", "teachers-learning-in-energy", "lead", D_003),
    Membership("rdm-centre-of-expertise", "fieldlab-rdm", "lead", D_003),
    Membership("topsector-creatieve-industrie", "hr-kleine-ci-bedrijven", "lead", D_003),
    Membership("topsector-creatieve-industrie", "hilversum-media-campus", "partner", D_003),
    Membership("bno", "bno-academie", "lead", D_003),
    Membership("topsector-tuinbouw", "lll-groen-onderwijs", "lead", D_003),
    Membership("waterkennisbank", "strategische-personeelsplanning-water", "lead", D_003),
    Membership("duurzaamheidsfabriek", "fieldlab-dzhf", "lead", D_003),
    Membership("smart-industry-projectbureau", "fieldlab-dzhf", "facilitator", D_003),
    Membership("valk-welding", "fieldlab-dzhf", "partner", D_003),
    Membership("scheepswerf-slob", "fieldlab-dzhf", "partner", D_003),
    Membership("de-waal", "fieldlab-dzhf", "partner", D_003),
    Membership("da-vinci-college", "fieldlab-dzhf", "partner", D_003),
    Membership("topsector-lsh", "evolva-werkplekleren", "partner", D_003),
    Membership("nhtv", "leerlijn-transportplanner", "lead", D_003),
    Membership("otib", "otib-leerhuis", "lead", D_003),
    Membership("tki-wind-op-zee", "career-windenergie-op-zee", "lead", D_003),
    Membership("vereniging-van-waterbouwers", "lll-waterbouwers", "lead", D_003),
    Membership("knw", "knw-mentorship", "lead", D_003),
    Membership("tno", "fieldlab-sociale-innovatie", "partner", D_003),
    Membership("awwn", "fieldlab-sociale-innovatie", "partner", D_003),
    Membership("fnv", "fieldlab-sociale-innovatie", "partner", D_003),
    Membership("smart-industry-projectbureau", "smart-industry-programma", "facilitator", D_003),
    Membership("europese-unie", "efro", "funder", D_003),
    # ORD 2023 (002): HAN's pilot in 003 and SEO's part in the 003 agenda
    Membership("han", "talent-innovatie-pool", "lead", D_003),
    Membership("seo", LC_AGENDA, "partner", D_003),
    Membership("vu", "verduurzaming-publieke-waarde", "partner", D_ORD),
    Membership("seo", "verduurzaming-publieke-waarde", "partner", D_ORD),
    Membership("han", "verduurzaming-publieke-waarde", "partner", D_ORD),
    Membership("noorderpoort", "platform-vo-mbo-groningen", "lead", D_ORD),
    Membership("roc-van-twente", "twents-fonds-voor-vakmanschap", "lead", D_ORD),
    Membership("horizon", "mbo-instellingen-noord-holland", "partner", D_ORD),
    Membership("clusius-college", "mbo-instellingen-noord-holland", "partner", D_ORD),
    Membership("nova", "mbo-instellingen-noord-holland", "partner", D_ORD),
    Membership("regio-c", "mbo-instellingen-noord-holland", "partner", D_ORD),
    Membership("scalda", "praktijkroute-horeca-toerisme", "lead", D_ORD),
    Membership("grafisch-lyceum-rotterdam", "kenniscentrum-creatieve-sector", "lead", D_ORD),
    Membership("clusius-college", "groene-samenwerking-clusius", "lead", D_ORD),
    Membership("nimeto", "innovatieraad-nimeto", "lead", D_ORD),
    Membership("friesland-college", "media-innovatie-campus", "lead", D_ORD),
    Membership("aeres", "food-academy-nijkerk", "lead", D_ORD),
    Membership("zadkine", "startacademie", "lead", D_ORD),
    Membership("ministerie-ocw", "sterk-techniekonderwijs", "funder", D_ORD),
    Membership("ministerie-ocw", "sto-onderzoek", "funder", D_ORD),
    *(
        Membership(p, "sto-onderzoek", "partner", D_ORD)
        for p in ("seo", "roa", "kba", "researchned", "turf")
    ),
    Membership("han-lectoraat-responsief-beroepsonderwijs", "de-lerende-regio", "lead", D_ORD),
    Membership("nro", "de-lerende-regio", "funder", D_ORD),
    # MBOin2030 (002)
    Membership("stichting-sherpa", "mboin2030-challenge-sherpa", "partner", D_ORD),
    Membership("roc-landstede", "mboin2030-challenge-sherpa", "partner", D_ORD),
    Membership("roc-deltion", "mboin2030-challenge-sherpa", "partner", D_ORD),
    Membership("roc-amsterdam", "mboin2030-challenge-urban-sport", "partner", D_ORD),
    Membership("libereaux", "mboin2030-challenge-urban-sport", "partner", D_ORD),
    Membership("yuverta", "mboin2030-challenge-validering", "partner", D_ORD),
    Membership("heineken", "mboin2030-challenge-validering", "partner", D_ORD),
    Membership("frieslandcampina", "mboin2030-challenge-validering", "partner", D_ORD),
    Membership("sintlucas", "mboin2030-challenge-sintlucas", "lead", D_ORD),
    # CoP (000, 001): "Partners en schillen", the sounding board and table 2A
    Membership("vista-college", "cop-limburg", "lead", D_COP),
    Membership("zuyd-hogeschool", "cop-limburg", "partner", D_COP),
    Membership("universiteit-maastricht", "cop-limburg", "partner", D_COP),
    Membership("chill", "cop-limburg", "partner", D_COP),
    Membership("chemelot", "cop-limburg", "partner", D_COP),
    Membership("brightsite", "cop-limburg", "partner", D_COP),
    Membership("chemelot-academy", "cop-limburg", "partner", D_COP),
    Membership("chemelot-talent-office", "cop-limburg", "partner", D_COP),
    Membership("career-center", "cop-limburg", "partner", D_COP),
    Membership("fontys", "cop-limburg", "sounding_board", D_COP),
    Membership("pml", "cop-limburg", "sounding_board", D_COP),
    Membership("chemelot-academy", "cop-tafel-2a", "lead", D_COP),
    Membership("vista-college", "digiwise", "lead", D_ORD),
    # Provincie Limburg (004, 000)
    Membership("provincie-limburg", "cop-limburg", "sounding_board", D_COP),
    Membership("provincie-limburg", "kadernotitie-onderwijs-2016-2019", "lead", D_004),
    Membership("provincie-limburg", "de-werkplaats", "funder", D_004),
    Membership("provincie-limburg", "microprojecten-educatieve-agenda", "lead", D_004),
    Membership("limburgse-schoolbesturen", "werkgroep-po-vo", "lead", D_004),
    Membership("limburgse-schoolbesturen", "de-werkplaats", "lead", D_004),
    Membership("kennisland", "werkgroep-po-vo", "facilitator", D_004),
    # a delegate of a po school board from Zuid-Limburg (stand-in; the seed names the regions)
    Membership("po-schoolbestuur-zuid-limburg", "werkgroep-po-vo", "partner", D_004),
    Membership("kennisland", "de-werkplaats", "facilitator", D_004),
)

# ---------------------------------------------------------------------------------------------
# Needs and offers
# ---------------------------------------------------------------------------------------------
NEEDS_OFFERS: tuple[NeedOffer, ...] = (
    # topsectoren (003)
    NeedOffer(
        "offer-energy-college-stageplaatsen",
        "offer",
        "energy-college",
        "internship_student",
        "Stageplaatsen bij energiebedrijven",
        "3.4 #1 (003)",
        publisher_type="initiative",
        themes="energietransitie wind-op-zee zonne-energie geothermie",
        levels="mbo",
        region="NL1",
        description="'Bedrijven brengen kennis, materiaal en stage-mogelijkheden in'.",
    ),
    NeedOffer(
        "offer-energie-transitie-huis",
        "offer",
        "da-vinci-college",
        "facility",
        "Energie Transitie Huis: skills-omgeving met hightech apparatuur",
        "3.4 #2 (003)",
        themes="verduurzaming-woningen bouw elektro-installatie engineering",
        levels="mbo",
        region="GM0505",
        description=(
            "Students, teachers, professionals and entrepreneurs work with high-tech equipment "
            "on making homes sustainable. Dordrecht is (ext)."
        ),
    ),
    NeedOffer(
        "offer-popup-safety-vr-training",
        "offer",
        "popup-safety",
        "upskilling",
        "VR-veiligheidstraining voor werkenden en studenten",
        "3.4 #5 (003)",
        publisher_type="initiative",
        themes="veiligheid-vr-training papier-procesindustrie",
        target_groups="werkende",
        description="Training in dangerous environments, independent of place and time.",
    ),
    NeedOffer(
        "offer-bno-mentoring",
        "offer",
        "bno-academie",
        "mentoring",
        "Mentoring, intervisie en individuele begeleiding voor ontwerpers",
        "3.4 #10 (003)",
        publisher_type="initiative",
        themes="ontwerpers mentoring",
        target_groups="werkende zzp",
    ),
    NeedOffer(
        "offer-knw-mentorship",
        "offer",
        "knw-mentorship",
        "mentoring",
        "Mentorship: ervaren waterprofessionals begeleiden jonge collega's",
        "3.4 #19 (003)",
        publisher_type="initiative",
        themes="mentoring watersector",
        target_groups="werkende",
        region="NL",
    ),
    NeedOffer(
        "offer-talent-innovatie-pool",
        "offer",
        "talent-innovatie-pool",
        "knowledge_question",
        "Logistieke kennisvragen samen oplossen",
        "3.4 #20 (003)",
        publisher_type="initiative",
        themes="logistiek",
        levels="hbo",
        description="Students, company high potentials and researchers work on the questions.",
    ),
    # ORD 2023 (002): what vmbo schools seek in vmbo-mbo collaboration (STO findings)
    NeedOffer(
        "need-sto-bedrijfsbezoeken",
        "need",
        "sterk-techniekonderwijs",
        "company_visits",
        "Gezamenlijke bedrijfsbezoeken vmbo-mbo",
        "3.6 (002)",
        publisher_type="initiative",
        themes="technologie-maakindustrie doorlopende-leerlijn",
        levels="vmbo mbo",
        target_groups="jongeren_vmbo",
        region="NL",
        description="A vmbo interest in collaboration named in the STO study.",
    ),
    NeedOffer(
        "need-sto-apparatuur",
        "need",
        "sterk-techniekonderwijs",
        "facility",
        "Doelmatig gebruik apparatuur",
        "3.6 (002)",
        publisher_type="initiative",
        themes="technologie-maakindustrie",
        levels="vmbo mbo",
        region="NL",
        description="Efficient shared use of equipment, a vmbo interest named in the STO study.",
    ),
    NeedOffer(
        "need-sto-buddies",
        "need",
        "sterk-techniekonderwijs",
        "buddy",
        "Mbo-niveau-4-studenten als buddy voor vmbo-leerlingen",
        "3.6 (002)",
        publisher_type="initiative",
        levels="vmbo mbo-4",
        target_groups="jongeren_vmbo",
        region="NL",
        description="A tip of the STO study for vmbo-mbo collaboration.",
    ),
    NeedOffer(
        "offer-sto-instroom-techniek",
        "offer",
        "sterk-techniekonderwijs",
        "students_inflow",
        "Vmbo-leerlingen met een goed beeld van technisch mbo",
        "3.6 (002)",
        publisher_type="initiative",
        themes="technologie-maakindustrie doorlopende-leerlijn",
        levels="vmbo",
        target_groups="jongeren_vmbo",
        region="NL",
        description=(
            "STO aims to give future students a good picture of technical mbo and to "
            "strengthen the vmbo-mbo chain; reading this as an inflow offer is (inferred)."
        ),
    ),
    NeedOffer(
        "offer-han-lectoraat-lerende-regio",
        "offer",
        "han-lectoraat-responsief-beroepsonderwijs",
        "research_contribution",
        "Hoger onderwijs doet mee: kennis en partners voor regionale samenwerking herkennen",
        "3.6 (002)",
        levels="mbo hbo",
        region="GM0268",
        description=(
            "'Het hoger onderwijs heeft geen leidende rol in deze samenwerkingen, maar doet mee' "
            "and 'kan een rol vervullen in het herkennen van welke kennis nodig is ... en welke "
            "partners daarbij kunnen worden verbonden' (De lerende regio); reading this as an "
            "offer of the lectoraat is (inferred)."
        ),
    ),
    # MBOin2030 (002)
    NeedOffer(
        "offer-mboin2030-challengefonds",
        "offer",
        "mboin2030-challengefonds",
        "funding",
        "Challenge-subsidie van ongeveer EUR 25K per project",
        "3.5 (002)",
        publisher_type="initiative",
        levels="mbo",
        region="NL",
        quantity=4,
        description=(
            "About EUR 25K per project, no state aid, 4 applications funded, 3 months of "
            "preparation and a 1-year run, independent jury."
        ),
    ),
    NeedOffer(
        "offer-mboin2030-dialogisch-valideren",
        "offer",
        "mboin2030",
        "validation_method",
        "Dialogisch valideren",
        "3.5 (002)",
        publisher_type="initiative",
        themes="dialogisch-valideren validering-certificering",
        levels="mbo",
        region="NL",
        description=(
            "Route-independent assessment of learning experiences plus advice on further "
            "learning, one of MBOin2030's themes; offering it as a method is (inferred)."
        ),
    ),
    NeedOffer(
        "need-challenge-validering",
        "need",
        "mboin2030-challenge-validering",
        "validation_method",
        "Eenduidige valideringsmethodiek voor modulair onderwijs",
        "3.5 challenge 3 (002)",
        publisher_type="initiative",
        themes="validering-certificering modulair-curriculum",
        levels="mbo",
        description="'Behoefte aan eenduidige valideringsmethodiek' from supply and demand side.",
    ),
    # VISTA CRM (000, 001)
    NeedOffer(
        "need-chemelot-procestechnologen",
        "need",
        "chemelot",
        "staff_demand",
        "Procestechnologen gezocht",
        "3.1 (001)",
        themes="procestechnologen procesindustrie",
        region="SITE-CHEMELOT",
        description=(
            "'Arbeidsvraag naar hoogwaardige technische functies vooral procestechnologen', "
            "driven by the explosive growth of Chemelot."
        ),
    ),
    NeedOffer(
        "offer-chemelot-academy-zij-instroom",
        "offer",
        "chemelot-academy",
        "zij_instroom_candidates",
        "Werving, selectie en plaatsing van zij-instromers",
        "3.1 (001)",
        themes="zij-instroom procestechniek",
        target_groups="zij_instromer",
        region="SITE-CHEMELOT",
        description="Innovation table 2A; trained via VISTA college (bbl PT and MT).",
    ),
    NeedOffer(
        "offer-vista-zij-instroom-bbl",
        "offer",
        "vista-college",
        "zij_instroom_trajectory",
        "Zij-instroomtraject bbl PT en MT via Chemelot Academy",
        "3.1 (001)",
        themes="zij-instroom procestechniek maintenance",
        levels="mbo",
        target_groups="zij_instromer",
        region="CR39",
        description="'Werven, selecteren, testen en opleiden via VISTA (bbl PT en MT)'.",
    ),
    NeedOffer(
        "offer-chill-lab-pt-mt",
        "offer",
        "chill",
        "facility",
        "Faciliteiten LAB PT en MT: contextrijk opleiden",
        "3.1 (001)",
        themes="laboratorium procestechniek maintenance",
        levels="mbo hbo",
        region="SITE-CHEMELOT",
        description=(
            "Context-rich training; linking young talent to professionals. CHILL as the holder "
            "is (inferred): the matrix lost its column placement."
        ),
    ),
    NeedOffer(
        "offer-cop-studentenstages",
        "offer",
        "cop-limburg",
        "internship_student",
        "Betekenisvolle context voor studentenstages",
        "3.1 (001)",
        publisher_type="initiative",
        themes="procestechniek maintenance laboratorium",
        levels="mbo",
        target_groups="student_mbo_bol student_mbo_bbl",
        region="NL42",
        description="'What is in it for me': a meaningful context for student internships.",
    ),
    NeedOffer(
        "offer-cop-docentenstages",
        "offer",
        "cop-limburg",
        "internship_teacher",
        "Betekenisvolle context voor docentenstages",
        "3.1 (001)",
        publisher_type="initiative",
        themes="procestechniek maintenance laboratorium",
        levels="mbo",
        target_groups="docent",
        region="NL42",
        description="'Studenten- en ook docentenstages'.",
    ),
    NeedOffer(
        "need-cop-vmbo-instroom",
        "need",
        "cop-limburg",
        "students_inflow",
        "Genoeg studenten: de aansluiting met het vmbo",
        "3.1 (000)",
        publisher_type="initiative",
        themes="procestechniek doorlopende-leerlijn",
        levels="vmbo",
        target_groups="jongeren_vmbo",
        region="NL42",
        description=(
            "'Hoe zorgt CoP voor genoeg studenten'; 'Duidelijke aansluiting met hbo (CHILL), "
            "vmbo minder duidelijk'; start as early as po/vo."
        ),
    ),
    NeedOffer(
        "need-cop-zorgpartners",
        "need",
        "cop-limburg",
        "partner_in_sector",
        "Verbreden naar de medische hoek: ziekenhuizen Maastricht betrekken",
        "3.1 (000)",
        publisher_type="initiative",
        themes="ziekenhuizen zorg",
        region="GM0935",
        description=(
            "'Eenzijdig gericht op Brightland Chemelot Campus. Maar techniek is breder'; "
            "Zuyderland is already connected."
        ),
    ),
    NeedOffer(
        "need-cop-continuiteit",
        "need",
        "cop-limburg",
        "funding",
        "Continuïteit als de RIF-subsidie wegvalt",
        "3.1 (000)",
        publisher_type="initiative",
        levels="mbo",
        region="NL42",
        description=(
            "'Wat als subsidie wegvalt, hoe dan het motortje draaiend te houden?'; who owns the "
            "verbindingskracht?"
        ),
    ),
    NeedOffer(
        "need-cop-tafel-4-lectoraat",
        "need",
        "cop-tafel-4",
        "research_contribution",
        "Lectoraat mbo-hbo om CoP te laten beklijven",
        "3.1 tables (001)",
        publisher_type="initiative",
        levels="mbo hbo",
        region="NL42",
        description="From the table's name 'Verduurzaming door Lectoraat mbo-hbo' (inferred).",
    ),
    NeedOffer(
        "offer-zuyd-lectoraat-mbo-hbo",
        "offer",
        "zuyd-hogeschool",
        "research_contribution",
        "Lectoraat mbo-hbo: praktijkgericht onderzoek voor CoP",
        "3.1 (001)",
        themes="doorlopende-leerlijn procesindustrie",
        levels="mbo hbo",
        region="CR39",
        description=(
            "Learning community 'samenwerking mbo-hbo lectoraat', table 4 'Verduurzaming door "
            "Lectoraat mbo-hbo' and the 2021 event topic 'lectoraat mbo-hbo' (001); CoP's "
            "research 'naar vergroten lerend vermogen door kennisdeling en -circulatie'. Zuyd "
            "Hogeschool ('Founding Fathers: Zuyd HS') as the provider is (inferred)."
        ),
    ),
    NeedOffer(
        "need-cop-validatiesysteem",
        "need",
        "cop-limburg",
        "validation_method",
        "Een validatiesysteem voor leervormen en skills",
        "3.1 (001)",
        publisher_type="initiative",
        themes="validering-certificering modulair-curriculum",
        levels="mbo",
        target_groups="zij_instromer upgrader",
        region="NL42",
        description=(
            "'Leven Lang ontwikkelen: versneld opleiden, zijinstroom, upgrading, ombuigen niet "
            "succesvolle arbeidskrachten m.b.v. een validatiesysteem voor leervormen en skills'; "
            "roadmap 2023: Regieteam (validering, certificering) and 'nieuw validatiesysteem'. "
            "Published as a need (inferred)."
        ),
    ),
    NeedOffer(
        "need-cop-kwaliteitsborging",
        "need",
        "cop-limburg",
        "partner_in_sector",
        "Aansluiten bij een Europees netwerk van living labs voor kwaliteitsborging",
        "3.1 (000)",
        publisher_type="initiative",
        region="EU",
        description=(
            "Tip of the sounding board: 'Sluit aan op ENOLL op EU niveau: netwerk van living labs "
            "om kwaliteitsborging te realiseren'. Published as a need (inferred)."
        ),
    ),
    NeedOffer(
        "offer-cop-tafel-2b-maatwerk",
        "offer",
        "cop-tafel-2b",
        "upskilling",
        "Modulair maatwerk (real life IBO's) voor zij-instromers en upgraders",
        "3.1 tables (001)",
        publisher_type="initiative",
        themes="modulair-curriculum procestechniek",
        levels="mbo post_initieel",
        target_groups="zij_instromer upgrader",
        region="NL42",
        description=(
            "Table 2B 'Real life IBO, modulair curriculum voor zijinstroom en maatwerk'; CoP's "
            "building block 'Leven Lang ontwikkelen: versneld opleiden, zijinstroom, upgrading' "
            "for 'Upgraders (zittend personeel)'. Offering it as upskilling is (inferred)."
        ),
    ),
    NeedOffer(
        "need-chemelot-zij-instromers",
        "need",
        "chemelot",
        "zij_instroom_candidates",
        "Zij-instromers voor procestechnologische functies",
        "3.1 (001)",
        themes="zij-instroom procestechnologen",
        target_groups="zij_instromer",
        region="SITE-CHEMELOT",
        description=(
            "The demand for procestechnologen met by lateral entry: table 2A 'werving, selectie, "
            "plaatsing zijinstroom' and 'Zijinstroom; werven, selecteren, testen en opleiden via "
            "VISTA (bbl PT en MT)'. Chemelot as the side that asks is (inferred)."
        ),
    ),
    NeedOffer(
        "need-chemelot-bijscholing",
        "need",
        "chemelot",
        "upskilling",
        "Bijscholing en omscholing van zittend personeel",
        "3.1 (001)",
        themes="procesindustrie procestechniek",
        target_groups="upgrader werkende",
        region="SITE-CHEMELOT",
        description=(
            "'Snel veranderende technische ontwikkelingen vragen om: nieuw personeel, om "
            "bijscholing en omscholing, maar ook om doorstroom' (Regio Limburg vraagstukken); "
            "for companies: 'Employability vraagstukken (vergroten flexibiliteit eigen "
            "personeel)'. Chemelot as the publisher is (inferred)."
        ),
    ),
    NeedOffer(
        "need-vista-studentenstages",
        "need",
        "vista-college",
        "internship_student",
        "Stageplaatsen in een betekenisvolle context (PT, MT, LAB)",
        "3.1 (001)",
        themes="procestechniek maintenance laboratorium",
        levels="mbo",
        target_groups="student_mbo_bol student_mbo_bbl",
        region="CR39",
        description=(
            "'What is in it for me', MBO: 'Betekenisvolle context voor studenten- en ook "
            "docentenstages'."
        ),
    ),
    NeedOffer(
        "need-vista-docentenstages",
        "need",
        "vista-college",
        "internship_teacher",
        "Docentenstages in de beroepspraktijk",
        "3.1 (001)",
        themes="procestechniek maintenance laboratorium",
        levels="mbo",
        target_groups="docent",
        region="CR39",
        description="'Betekenisvolle context voor studenten- en ook docentenstages' (001).",
    ),
    NeedOffer(
        "offer-vista-buddies",
        "offer",
        "vista-college",
        "buddy",
        "Mbo-studenten niveau 4 als buddy voor vmbo-leerlingen",
        "3.1, 3.6 (000, 002)",
        themes="doorlopende-leerlijn procestechniek",
        levels="mbo-4",
        target_groups="jongeren_vmbo",
        region="CR39",
        description=(
            "STO's recommendation 'win-wincombinaties ... met mbo-studenten (niveau 4) om als "
            "buddy's/begeleiders van vmbo'ers te fungeren' (002), for the vmbo link CoP misses "
            "(000). That VISTA college offers it is (inferred)."
        ),
    ),
    NeedOffer(
        "offer-pml-jongeren-bedrijven",
        "offer",
        "pml",
        "company_visits",
        "Jongeren (vmbo) kennis laten maken met procesbedrijven",
        "3.1 (000, 001)",
        themes="procestechniek maintenance",
        levels="vmbo",
        target_groups="jongeren_vmbo",
        region="NL42",
        description=(
            "Matrix rows 'Werven: Jongeren (vmbo)' and 'Jongeren; instroom naar bol PT, MT, LAB "
            "+ bedrijven' (001) and the tip 'Laat VO experimenteren/participeren bij bedrijven' "
            "(000). PML as the holder (the matrix lost its columns) and the company-visit "
            "reading are (inferred)."
        ),
    ),
    NeedOffer(
        "offer-vmbo-sittard-geleen-instroom",
        "offer",
        "vmbo-school-sittard-geleen",
        "students_inflow",
        "Vmbo-leerlingen techniek die doorstromen naar het mbo",
        "3.6 (002), 000",
        themes="technologie-maakindustrie doorlopende-leerlijn",
        levels="vmbo",
        target_groups="jongeren_vmbo",
        region="GM1883",
        description=(
            "STO goals 'Doorlopende leerlijnen' and 'Toekomstige studenten een goed beeld geven "
            "van het technische mbo' (002) for the 'voorliggend, doorlopend, vmbo onderwijs' of "
            "CoP (000). " + KIND_ONLY
        ),
    ),
    NeedOffer(
        "need-vmbo-sittard-geleen-bedrijfsbezoeken",
        "need",
        "vmbo-school-sittard-geleen",
        "company_visits",
        "Bedrijfsbezoeken en experimenteren bij procesbedrijven",
        "3.6 (002), 000",
        themes="procestechniek",
        levels="vmbo",
        target_groups="jongeren_vmbo",
        region="GM1883",
        description=(
            "vmbo interest 'Gezamenlijke bedrijfsbezoeken' (STO, 002); 'Laat VO "
            "experimenteren/participeren bij bedrijven' (000). " + KIND_ONLY
        ),
    ),
    NeedOffer(
        "need-vo-stein-apparatuur",
        "need",
        "vo-school-stein",
        "facility",
        "Samen apparatuur en leeromgevingen gebruiken",
        "3.6 (002), 001",
        levels="vmbo havo",
        target_groups="leerling_vo",
        region="GM0971",
        description=(
            "vmbo interest 'Doelmatig gebruik apparatuur' (STO, 002); CoP's matrix row "
            "'Samenwerking met onderwijs: Vmbo/havo' (001). " + KIND_ONLY
        ),
    ),
    # Provincie Limburg (004)
    NeedOffer(
        "offer-innovatiefonds-vrijplaats",
        "offer",
        "innovatiefonds-vrijplaats",
        "funding",
        "InnovatieFonds: een klein bedrag per geselecteerd initiatief",
        "3.2 (004)",
        publisher_type="initiative",
        themes="doorlopende-leerlijn talentontwikkeling digitale-leermiddelen",
        levels="po vo",
        target_groups="docent",
        region="NL42",
        description=(
            "For new teacher-team initiatives, with coaching and Vrijplaats Ateliers; proposed "
            "in De Werkplaats."
        ),
    ),
    NeedOffer(
        "need-buitenplaats-partners",
        "need",
        "de-buitenplaats",
        "partner_in_sector",
        "Ondernemers, bedrijven, maatschappelijke instellingen en gemeenten",
        "3.2 (004)",
        publisher_type="initiative",
        themes="doorlopende-leerlijn talentontwikkeling digitalisering",
        levels="po vo",
        region="NL42",
        description="Outside partners for new collaborations with schools (annual challenge).",
    ),
    NeedOffer(
        "offer-gemeente-sittard-geleen-partnerschap",
        "offer",
        "gemeente-sittard-geleen",
        "partner_in_sector",
        "Gemeente als partner van scholen: talent en aansluiting op de arbeidsmarkt",
        "3.1, 3.2 (001, 003, 004)",
        themes="talentontwikkeling leven-lang-ontwikkelen",
        region="GM1883",
        description=(
            "What a gemeente seeks in such collaborations: 'Verbetering aansluiting "
            "arbeidsmarkt', 'Structurele aandacht voor talent (Leven Lang Leren)', 'Economie "
            "versterken en aantrekkelijk maken regio (imago)' (001); local government 'vervullen "
            "... een mooie verbindende rol tussen de partijen' (003); De Buitenplaats seeks 'de "
            "gemeente' (004). " + KIND_ONLY
        ),
    ),
)

CLOSURES: tuple[Closure, ...] = (
    Closure(
        "l-point",
        D_004,
        "other",
        successor="de-werkplaats",
        note=(
            "Not pursued: 'niet voldoende representativiteit en draagvlak vanuit alle regio's'; "
            "its building blocks went into De Werkplaats."
        ),
    ),
)

# Names section 3 of the brief mentions that are not aggregates of their own.
NOT_REGISTERED: tuple[NotRegistered, ...] = (
    NotRegistered(
        "People (sections 3.1-3.11)",
        "3.11",
        "Not modelled; coordinators are "
        "pseudonymous ids (person-cop-projectmanager, person-mboin2030-contact)",
    ),
    NotRegistered(
        "Arendstraat, Hal 26",
        "3.1, 3.9",
        "CoP description (no facility events in the contract; operator not stated)",
    ),
    NotRegistered("Mentimeter", "3.1", "Tool, not an organisation; left out"),
    NotRegistered(
        "TIAS 'Social impact compact' model", "3.1", "CoP description; TIAS is a partner"
    ),
    NotRegistered(
        "CoP sounding board, PML sounding board, referentengroepen, nulmetingen, "
        "event roadmap, channels (CoPPIG, CoPpisch, CoProductie, CoPyright)",
        "3.1",
        "CoP description; members as memberships with role sounding_board",
    ),
    NotRegistered(
        "CoP 'who does what' matrix",
        "3.1",
        "Offers of CHILL and Chemelot Academy (holders inferred) and memberships",
    ),
    NotRegistered(
        "ORD 2023 symposium 'Balans door samenwerkzaamheid'",
        "1, 3.3",
        "Descriptions of the studies it presented",
    ),
    NotRegistered(
        "Samenwerkingsscan, Praatplaat, Tijdlijn, reports of the public-value study",
        "3.3",
        "Description of verduurzaming-publieke-waarde",
    ),
    NotRegistered(
        "UST (challenge 2)",
        "3.5",
        "Read as Urban Sport Trainer, the programme; in the challenge's name and description",
    ),
    NotRegistered("Route Ä6, Libi, Groow, ditkanik.nu", "3.5", "Challenge descriptions"),
    NotRegistered(
        "Onderwijs aan het werk 2023, Feiten verzameld, Kennisdeling als hefboom, "
        "10 bouwstenen voor de lerarenagenda",
        "3.5",
        "MBOin2030 description",
    ),
    NotRegistered("NLQF", "3.7", "Description of the learning-communities agenda"),
    NotRegistered(
        "Generic groups: NWO-instituten, lectoraten, kenniskringen, onderwijskoepels, "
        "TKI's, O&O-fondsen, opleidingsfondsen, lokale overheden",
        "3.7, 3.8",
        "Not registered as groups (OTIB and TKI Wind op Zee are single organisations); "
        "'lokale overheden' has one stand-in, gemeente-sittard-geleen",
    ),
    NotRegistered(
        "Instruments: fiscal instruments, vouchers, credits, ontwikkelrekeningen, "
        "trekkingsrecht, OCW/SZW subsidies, OCW stimuleringsregelingen",
        "3.8",
        "Descriptions of the agenda and OCW's partner note",
    ),
    NotRegistered(
        "Revelite and other extraction noise in 003", "3.4, 3.12", "Left out, as the brief advises"
    ),
    NotRegistered(
        "Places of 3.9",
        "3.9",
        "Region codes (NUTS, COROP, CBS gemeente, SITE-*); "
        "Urmond is in GM0971 Stein, Den Haag GM0518 is PBT's region",
    ),
)
