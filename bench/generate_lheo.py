#!/usr/bin/env python3
"""Writes a LHÉO 2.2 offer of N formations, deterministic for a seed, shaped like a Carif-Oref export:
FORMACODE/NSF/ROME codes, escaped HTML in the texts (with entities), an RNCP certification on some, one or two
actions per formation with a place, hours and a price, and one to three sessions each (about 2 KB a formation:
50,000 make a 100 MB feed).

Usage: generate_lheo.py FORMATIONS OUTPUT [SEED]
"""
import random
import sys

TOPICS = ["Économie sociale", "Commande publique", "Gouvernance coopérative", "Égalité professionnelle",
          "Pactes territoriaux", "Protection des données", "Gestion de projet", "Financements", "Participation"]
TOWNS = [("Lille", "59000"), ("Metz", "57000"), ("Nancy", "54000"), ("Rennes", "35000"), ("Lyon", "69001"),
         ("Bordeaux", "33000"), ("Nantes", "44000"), ("Amiens", "80000")]


def main() -> None:
    count = int(sys.argv[1])
    output = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    with open(output, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="http://www.lheo.org/2.2">\n<offres>\n')
        for index in range(count):
            topic = rng.choice(TOPICS)
            out.write(f'<formation numero="F{index:07d}" datecrea="20260901">\n')
            out.write('<domaine-formation>')
            for _ in range(rng.randint(1, 3)):
                out.write(f'<code-FORMACODE ref="V12">{rng.randint(10000, 99999)}</code-FORMACODE>')
            out.write(f'<code-NSF>{rng.randint(100, 399)}</code-NSF><code-ROME>M{rng.randint(1000, 1999)}</code-ROME>')
            out.write('</domaine-formation>\n')
            out.write(f'<intitule-formation>{topic} : agir localement, niveau {index % 5 + 1}</intitule-formation>\n')
            out.write(f'<objectif-formation>&lt;p&gt;Ma&amp;icirc;triser {topic.lower()}&amp;nbsp;:&lt;/p&gt;'
                      '&lt;ul&gt;&lt;li&gt;cadre l&amp;eacute;gal&lt;/li&gt;&lt;li&gt;partenariats&lt;/li&gt;'
                      '&lt;/ul&gt;</objectif-formation>\n')
            out.write('<resultats-attendus>&lt;p&gt;Conduire un projet avec les acteurs du territoire.&lt;/p&gt;'
                      '</resultats-attendus>\n')
            out.write(f'<contenu-formation>Module 1 : diagnostic&lt;br/&gt;Module 2 : {topic.lower()}'
                      '&lt;br/&gt;Module 3 : mise en situation</contenu-formation>\n')
            certified = rng.random() < 0.3
            out.write(f'<certifiante>{1 if certified else 0}</certifiante>\n'
                      '<contact-formation><coordonnees><nom>Accueil formation</nom></coordonnees>'
                      '</contact-formation>\n<parcours-de-formation>1</parcours-de-formation>\n'
                      '<code-niveau-entree>0</code-niveau-entree>\n')
            if certified:
                out.write(f'<certification><code-RNCP>{rng.randint(30000, 39999)}</code-RNCP></certification>\n')
            for action in range(rng.randint(1, 2)):
                town, postcode = rng.choice(TOWNS)
                hours = rng.choice([14, 21, 35, 70, 140])
                out.write(f'<action numero="F{index:07d}-A{action}">\n'
                          '<rythme-formation>Temps partiel</rythme-formation>'
                          '<code-public-vise ref="V10">83056</code-public-vise>'
                          '<niveau-entree-obligatoire>0</niveau-entree-obligatoire>'
                          '<modalites-alternance>Aucune</modalites-alternance>'
                          f'<modalites-enseignement>{rng.randint(0, 2)}</modalites-enseignement>'
                          '<conditions-specifiques>Aucune</conditions-specifiques>'
                          '<prise-en-charge-frais-possible>1</prise-en-charge-frais-possible>\n'
                          f'<lieu-de-formation><coordonnees><nom>Maison de la formation</nom><adresse>'
                          f'<ligne>{rng.randint(1, 99)} rue de la République</ligne><codepostal>{postcode}</codepostal>'
                          f'<ville>{town}</ville></adresse></coordonnees></lieu-de-formation>\n'
                          '<modalites-entrees-sorties>1</modalites-entrees-sorties>\n')
                for session in range(rng.randint(1, 3)):
                    month = rng.randint(1, 9)
                    out.write(f'<session numero="F{index:07d}-A{action}-S{session}"><periode>'
                              f'<debut>2027{month:02d}{rng.randint(1, 28):02d}</debut>'
                              f'<fin>2027{month + 3:02d}{rng.randint(1, 28):02d}</fin></periode>'
                              f'<adresse-inscription><adresse><ligne>Hôtel de ville</ligne>'
                              f'<codepostal>{postcode}</codepostal><ville>{town}</ville></adresse>'
                              '</adresse-inscription></session>\n')
                out.write(f'<langue-formation>fr</langue-formation><prix-total-TTC>{hours * 12}.00</prix-total-TTC>'
                          f'<duree-indicative>{hours} heures</duree-indicative>'
                          f'<nombre-heures-centre>{hours}</nombre-heures-centre></action>\n')
            out.write('<organisme-formation-responsable><numero-activite>11111111111</numero-activite>'
                      '<SIRET-organisme-formation><SIRET>12345678900011</SIRET></SIRET-organisme-formation>'
                      '<nom-organisme>Organisme</nom-organisme><raison-sociale>Organisme régional de formation'
                      '</raison-sociale><coordonnees-organisme><coordonnees><nom>Organisme</nom></coordonnees>'
                      '</coordonnees-organisme><contact-organisme><coordonnees><nom>Accueil</nom></coordonnees>'
                      '</contact-organisme></organisme-formation-responsable>\n</formation>\n')
        out.write('</offres>\n</lheo>\n')


if __name__ == "__main__":
    main()
