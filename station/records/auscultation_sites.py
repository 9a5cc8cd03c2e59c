"""Where the chest piece goes: the four cardiac areas and the pulmonary sites, front and back.

Each site has the words the assistant reads (French first), the region the doctor asks for
("coeur" or "poumons"), and the body structure under it coded in SNOMED CT for the health
record (FHIR ``Media.bodySite``). The codes are those of DICOM's context groups for cardiac
valves (CID 3701) and lobes of the lung (CID 6170); the side and the face are said in the text,
as SNOMED's laterality would need a post-coordinated expression most receivers do not read.
"""

from __future__ import annotations

from dataclasses import dataclass

SNOMED = "http://snomed.info/sct"


@dataclass(frozen=True)
class Site:
    code: str
    region: str  # "heart" or "lungs"
    face: str  # "front" or "back"
    label: str  # what the assistant and the report say
    where: str  # how to find it on the body, in plain words
    snomed: str
    snomed_display: str


HEART = (
    Site(
        "aortic",
        "heart",
        "front",
        "Foyer aortique",
        "2e espace entre les côtes, à droite du sternum",
        "34202007",
        "Aortic valve structure",
    ),
    Site(
        "pulmonary",
        "heart",
        "front",
        "Foyer pulmonaire",
        "2e espace entre les côtes, à gauche du sternum",
        "39057004",
        "Pulmonary valve structure",
    ),
    Site(
        "tricuspid",
        "heart",
        "front",
        "Foyer tricuspide",
        "bas du sternum, côté gauche (4e–5e espace)",
        "46030003",
        "Tricuspid valve structure",
    ),
    Site(
        "mitral",
        "heart",
        "front",
        "Foyer mitral",
        "sous le sein gauche, à la pointe du cœur (5e espace)",
        "91134007",
        "Mitral valve structure",
    ),
)
UPPER, MIDDLE, LOWER = "45653009", "72481006", "90572001"
LUNGS = (
    Site(
        "lung-front-upper-right",
        "lungs",
        "front",
        "Poumon droit, haut, devant",
        "sous la clavicule droite",
        UPPER,
        "Upper lobe of lung",
    ),
    Site(
        "lung-front-upper-left",
        "lungs",
        "front",
        "Poumon gauche, haut, devant",
        "sous la clavicule gauche",
        UPPER,
        "Upper lobe of lung",
    ),
    Site(
        "lung-front-lower-right",
        "lungs",
        "front",
        "Poumon droit, bas, devant",
        "sur le côté droit, sous le sein",
        MIDDLE,
        "Middle lobe of right lung",
    ),
    Site(
        "lung-front-lower-left",
        "lungs",
        "front",
        "Poumon gauche, bas, devant",
        "sur le côté gauche, sous le sein",
        UPPER,
        "Upper lobe of lung",
    ),
    Site(
        "lung-back-upper-right",
        "lungs",
        "back",
        "Poumon droit, haut, dos",
        "entre l’omoplate droite et la colonne",
        UPPER,
        "Upper lobe of lung",
    ),
    Site(
        "lung-back-upper-left",
        "lungs",
        "back",
        "Poumon gauche, haut, dos",
        "entre l’omoplate gauche et la colonne",
        UPPER,
        "Upper lobe of lung",
    ),
    Site(
        "lung-back-lower-right",
        "lungs",
        "back",
        "Poumon droit, bas, dos",
        "sous l’omoplate droite",
        LOWER,
        "Lower lobe of lung",
    ),
    Site(
        "lung-back-lower-left",
        "lungs",
        "back",
        "Poumon gauche, bas, dos",
        "sous l’omoplate gauche",
        LOWER,
        "Lower lobe of lung",
    ),
)
SITES = {site.code: site for site in HEART + LUNGS}
REGIONS = {"heart": HEART, "lungs": LUNGS}


def site(code: str) -> Site:
    """The site of a code; an unknown one (a newer station's) is said as its code."""
    return SITES.get(code) or Site(code, "", "", code, "", "", "")
