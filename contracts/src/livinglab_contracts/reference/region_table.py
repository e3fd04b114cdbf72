"""The region rows: EU > NL > landsdeel > provincie > COROP > gemeente > plaats > site.

Codes: NUTS-1/NUTS-2 (2021 edition) for landsdelen and provinces, CBS COROP codes (CRxx) for
subregions, CBS gemeente codes (GMxxxx) for municipalities; `PL-*` and `SITE-*` are this project's
own codes for places and campuses the seeds name (CBS has no code for those). Everything was
entered from memory of the CBS and Eurostat tables; the codes marked `# verify` are the ones held
with least confidence. `nuts` is only filled where the NUTS-3 code is certain.
"""

from __future__ import annotations

from livinglab_contracts.reference.region_level import RegionLevel

_L = RegionLevel
# (code, name_nl, name_en, level, parent, nuts, cbs, aliases)
Row = tuple[str, str, str, RegionLevel, str | None, str | None, str | None, tuple[str, ...]]

_TOP: tuple[Row, ...] = (
    ("EU", "Europese Unie", "European Union", _L.SUPRANATIONAL, None, None, None, ("EU",)),
    ("NL", "Nederland", "the Netherlands", _L.COUNTRY, "EU", "NL", "NL01", ("Nederland",)),
    ("NL1", "Noord-Nederland", "Northern Netherlands", _L.LANDSDEEL, "NL", "NL1", "LD01", ()),
    ("NL2", "Oost-Nederland", "Eastern Netherlands", _L.LANDSDEEL, "NL", "NL2", "LD02", ()),
    ("NL3", "West-Nederland", "Western Netherlands", _L.LANDSDEEL, "NL", "NL3", "LD03", ()),
    ("NL4", "Zuid-Nederland", "Southern Netherlands", _L.LANDSDEEL, "NL", "NL4", "LD04", ()),
)
# NUTS 2021 renumbered Utrecht (NL31 -> NL35) and Zuid-Holland (NL33 -> NL36); see SUPERSEDED.
_PROVINCES: tuple[Row, ...] = tuple(
    (nuts, nl, en, _L.PROVINCIE, nuts[:3], nuts, cbs, aliases)
    for nuts, nl, en, cbs, aliases in (
        ("NL11", "Groningen", "Groningen", "PV20", ()),
        ("NL12", "Friesland", "Friesland", "PV21", ("Fryslân",)),
        ("NL13", "Drenthe", "Drenthe", "PV22", ()),
        ("NL21", "Overijssel", "Overijssel", "PV23", ()),
        ("NL22", "Gelderland", "Gelderland", "PV25", ()),
        ("NL23", "Flevoland", "Flevoland", "PV24", ()),
        ("NL32", "Noord-Holland", "North Holland", "PV27", ()),
        ("NL34", "Zeeland", "Zeeland", "PV29", ()),
        ("NL35", "Utrecht", "Utrecht (province)", "PV26", ()),
        ("NL36", "Zuid-Holland", "South Holland", "PV28", ()),
        ("NL41", "Noord-Brabant", "North Brabant", "PV30", ()),
        ("NL42", "Limburg", "Limburg", "PV31", ("Provincie Limburg", "Regio Limburg")),
    )
)
_COROP: tuple[Row, ...] = tuple(
    (f"CR{number:02d}", nl, en, _L.SUBREGIO, province, nuts, f"CR{number:02d}", aliases)
    for number, nl, en, province, nuts, aliases in (
        (1, "Oost-Groningen", "East Groningen", "NL11", None, ()),
        (2, "Delfzijl en omgeving", "Delfzijl area", "NL11", None, ()),
        (3, "Overig Groningen", "Groningen (rest)", "NL11", None, ()),
        (4, "Noord-Friesland", "North Friesland", "NL12", None, ()),
        (5, "Zuidwest-Friesland", "South-west Friesland", "NL12", None, ()),
        (6, "Zuidoost-Friesland", "South-east Friesland", "NL12", None, ()),
        (7, "Noord-Drenthe", "North Drenthe", "NL13", None, ()),
        (8, "Zuidoost-Drenthe", "South-east Drenthe", "NL13", None, ()),
        (9, "Zuidwest-Drenthe", "South-west Drenthe", "NL13", None, ()),
        (10, "Noord-Overijssel", "North Overijssel", "NL21", None, ()),
        (11, "Zuidwest-Overijssel", "South-west Overijssel", "NL21", None, ()),
        (12, "Twente", "Twente", "NL21", "NL213", ()),
        (13, "Veluwe", "Veluwe", "NL22", None, ()),
        (14, "Achterhoek", "Achterhoek", "NL22", None, ()),
        (15, "Arnhem/Nijmegen", "Arnhem/Nijmegen", "NL22", None, ()),
        (16, "Zuidwest-Gelderland", "South-west Gelderland", "NL22", None, ()),
        (17, "Utrecht", "Utrecht (region)", "NL35", None, ()),
        (18, "Kop van Noord-Holland", "Kop van Noord-Holland", "NL32", "NL321", ()),
        (19, "Alkmaar en omgeving", "Alkmaar area", "NL32", None, ()),
        (20, "IJmond", "IJmond", "NL32", None, ()),
        (21, "Agglomeratie Haarlem", "Haarlem area", "NL32", None, ()),
        (22, "Zaanstreek", "Zaan area", "NL32", None, ()),
        (23, "Groot-Amsterdam", "Greater Amsterdam", "NL32", None, ()),
        (24, "Het Gooi en Vechtstreek", "Het Gooi en Vechtstreek", "NL32", "NL327", ()),
        (25, "Agglomeratie Leiden en Bollenstreek", "Leiden area", "NL36", None, ()),
        (26, "Agglomeratie 's-Gravenhage", "The Hague area", "NL36", None, ()),
        (27, "Delft en Westland", "Delft and Westland", "NL36", None, ()),
        (28, "Oost-Zuid-Holland", "East South Holland", "NL36", None, ()),
        (29, "Groot-Rijnmond", "Greater Rijnmond", "NL36", None, ()),
        (30, "Zuidoost-Zuid-Holland", "South-east South Holland", "NL36", None, ("Drechtsteden",)),
        (31, "Zeeuwsch-Vlaanderen", "Zeelandic Flanders", "NL34", "NL341", ()),
        (32, "Overig Zeeland", "Zeeland (rest)", "NL34", "NL342", ()),
        (33, "West-Noord-Brabant", "West North Brabant", "NL41", "NL411", ()),
        (34, "Midden-Noord-Brabant", "Central North Brabant", "NL41", None, ()),
        (35, "Noordoost-Noord-Brabant", "North-east North Brabant", "NL41", None, ()),
        # Brainport is a brand, not a statistical unit; this COROP is its nearest match.
        (36, "Zuidoost-Noord-Brabant", "South-east North Brabant", "NL41", "NL414", ("Brainport",)),
        (37, "Noord-Limburg", "North Limburg", "NL42", "NL421", ()),
        (38, "Midden-Limburg", "Central Limburg", "NL42", "NL422", ()),
        (39, "Zuid-Limburg", "South Limburg", "NL42", "NL423", ()),
        (40, "Flevoland", "Flevoland (region)", "NL23", None, ()),
    )
)
_MUNICIPALITIES: tuple[Row, ...] = tuple(
    (code, nl, en, _L.GEMEENTE, corop, None, code, aliases)
    for code, nl, en, corop, aliases in (
        ("GM0014", "Groningen", "Groningen (city)", "CR03", ()),
        ("GM0080", "Leeuwarden", "Leeuwarden", "CR04", ()),
        ("GM0153", "Enschede", "Enschede", "CR12", ()),
        ("GM0267", "Nijkerk", "Nijkerk", "CR13", ()),
        ("GM0268", "Nijmegen", "Nijmegen", "CR15", ()),
        ("GM0307", "Amersfoort", "Amersfoort", "CR17", ()),
        ("GM0344", "Utrecht", "Utrecht (city)", "CR17", ()),
        ("GM0363", "Amsterdam", "Amsterdam", "CR23", ()),
        ("GM0402", "Hilversum", "Hilversum", "CR24", ()),
        ("GM0505", "Dordrecht", "Dordrecht", "CR30", ()),
        ("GM0518", "'s-Gravenhage", "The Hague", "CR26", ("Den Haag",)),
        ("GM0599", "Rotterdam", "Rotterdam", "CR29", ()),
        ("GM0758", "Breda", "Breda", "CR33", ()),
        ("GM0772", "Eindhoven", "Eindhoven", "CR36", ()),
        ("GM0855", "Tilburg", "Tilburg", "CR34", ()),
        # Noord-Limburg
        ("GM0889", "Beesel", "Beesel", "CR37", ()),
        ("GM0893", "Bergen (L.)", "Bergen (Limburg)", "CR37", ()),  # verify
        ("GM0907", "Gennep", "Gennep", "CR37", ()),
        ("GM1507", "Horst aan de Maas", "Horst aan de Maas", "CR37", ()),
        ("GM0944", "Mook en Middelaar", "Mook en Middelaar", "CR37", ()),  # verify
        ("GM1894", "Peel en Maas", "Peel en Maas", "CR37", ()),
        ("GM0983", "Venlo", "Venlo", "CR37", ()),
        ("GM0984", "Venray", "Venray", "CR37", ()),
        # Midden-Limburg
        ("GM1711", "Echt-Susteren", "Echt-Susteren", "CR38", ()),
        ("GM1640", "Leudal", "Leudal", "CR38", ()),
        ("GM1641", "Maasgouw", "Maasgouw", "CR38", ()),
        ("GM0946", "Nederweert", "Nederweert", "CR38", ()),  # verify
        ("GM1669", "Roerdalen", "Roerdalen", "CR38", ()),
        ("GM0957", "Roermond", "Roermond", "CR38", ()),
        ("GM0988", "Weert", "Weert", "CR38", ()),
        # Zuid-Limburg
        ("GM0888", "Beek", "Beek", "CR39", ()),
        ("GM1954", "Beekdaelen", "Beekdaelen", "CR39", ()),  # verify (formed 2019)
        ("GM0899", "Brunssum", "Brunssum", "CR39", ()),
        ("GM1903", "Eijsden-Margraten", "Eijsden-Margraten", "CR39", ()),
        ("GM1729", "Gulpen-Wittem", "Gulpen-Wittem", "CR39", ()),
        ("GM0917", "Heerlen", "Heerlen", "CR39", ()),
        ("GM0928", "Kerkrade", "Kerkrade", "CR39", ()),
        ("GM0882", "Landgraaf", "Landgraaf", "CR39", ()),
        ("GM0935", "Maastricht", "Maastricht", "CR39", ()),
        ("GM0938", "Meerssen", "Meerssen", "CR39", ()),
        ("GM0965", "Simpelveld", "Simpelveld", "CR39", ()),
        ("GM1883", "Sittard-Geleen", "Sittard-Geleen", "CR39", ()),
        ("GM0971", "Stein", "Stein", "CR39", ()),
        ("GM0981", "Vaals", "Vaals", "CR39", ()),
        ("GM0994", "Valkenburg aan de Geul", "Valkenburg aan de Geul", "CR39", ()),
        ("GM0986", "Voerendaal", "Voerendaal", "CR39", ()),
    )
)
_PLACES: tuple[Row, ...] = tuple(
    (code, nl, nl, level, parent, None, None, aliases)
    for code, nl, level, parent, aliases in (
        ("PL-URMOND", "Urmond", _L.PLAATS, "GM0971", ()),
        ("SITE-BUSINESS-CENTER-STEIN", "Business Center Stein", _L.SITE, "PL-URMOND", ()),
        # Chemelot straddles Sittard-Geleen, Stein and Beek; it is filed under its largest part.
        ("SITE-CHEMELOT", "Chemelot Site", _L.SITE, "GM1883", ("Chemelot",)),
        ("SITE-BCC", "Brightlands Chemelot Campus", _L.SITE, "GM1883", ("BCC", "Brightland")),
    )
)

ROWS: tuple[Row, ...] = (*_TOP, *_PROVINCES, *_COROP, *_MUNICIPALITIES, *_PLACES)

# Codes a sender may know from older tables, and the code this registry uses instead.
SUPERSEDED: dict[str, str] = {"NL31": "NL35", "NL33": "NL36"}
