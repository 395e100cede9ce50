import Foundation
import PlannerCore

/// The built-in demo: a fictional territory around Liège whose authority trains administrators,
/// entrepreneurs (evenings) and social-economy actors, with its own free rooms and rented ones, external
/// trainers and two in-house experts (one a lawyer), and four co-financers. Dates follow the clock, so the
/// programme has just ended when the demo runs and attendance can be simulated.
enum DemoData {
    /// Planning files, keyed by file name, for a programme that ends the day before `today`.
    static func planningFiles(endingBefore today: LocalDate) -> [String: String] {
        // Twenty weeks, starting on a Monday.
        let end = today.adding(days: -1)
        var start = end.adding(days: -139)
        start = start.adding(days: -(start.weekday - 1))
        func day(_ offset: Int) -> String { start.adding(days: offset).description }
        let closed = start.adding(days: 7 * 8 + 2)  // a public holiday, a Wednesday
        let calendar = """
            kind,name,start,end,value
            period,,\(start),\(end),
            timezone,,,,Europe/Brussels
            weekdays,,,,Mon Tue Wed Thu Fri
            closed,Public holiday,\(closed),,
            slot,morning,09:00,12:30,
            slot,afternoon,13:30,17:00,
            slot,evening,18:00,21:00,

            """
        let venues = """
            id,name,territory,address,capacity,equipment,step_free,cost_per_slot,currency,provider,unavailable
            HALL-LIEGE,"Town hall, council chamber",Liège,"Place du Marché 2, 4000 Liège",40,projector|flipchart,yes,0,EUR,City of Liège,\(day(14))|\(day(15))
            CENTRE-SERAING,Seraing community centre,Seraing,"Rue Cockerill 5, 4100 Seraing",24,projector,yes,0,EUR,City of Seraing,
            LIBRARY-HERSTAL,Herstal library meeting room,Herstal,"Place Jean Jaurès 45, 4040 Herstal",18,projector|flipchart,no,0,EUR,City of Herstal,
            LAB-UNI,University digital lab,Liège,"Quai Van Beneden 25, 4020 Liège",16,projector|computers,yes,120,EUR,University of Liège,
            MES-VERVIERS,Maison de l'économie sociale,Verviers,"Rue de la Station 9, 4800 Verviers",30,projector|flipchart,yes,90,EUR,Cluster partners,
            HOTEL-PONT,"Hôtel du Pont, conference room",Liège,"Quai de la Batte 10, 4000 Liège",60,projector,yes,250,EUR,Hôtel du Pont,

            """
        let trainers = """
            id,name,teaches,languages,fee_per_session,currency,max_sessions_per_week,territory,in_house,unavailable
            DUPONT,Claire Dupont,SEM-01|SEM-02|TPC-01|TPC-02,fr|en,450,EUR,4,Liège,no,
            NOWAK,Agnieszka Nowak,EOP,en|pl|fr,500,EUR,3,Liège,no,\(day(21))..\(day(27))
            ROSSI,Marco Rossi,SCP,fr|it|en,480,EUR,3,Liège,no,
            LINDQVIST,Karin Lindqvist,CGP-01|CGP-02,en|sv|fr,420,EUR,3,Verviers,no,
            PETERS,Jan Peters,RC-GDPR|RC-COOP|TPC-01,fr|nl|en,400,EUR,4,Herstal,no,
            LAMBERT,Marc Lambert (city lawyer),SCP-01|SCP-02|CGP-03|RC-GDPR,fr,,EUR,2,Liège,yes,
            MERCIER,Sophie Mercier (city economist),SEM-03|EOP-01,fr|en,,EUR,2,Liège,yes,

            """
        let funders = """
            id,name,budget,currency,max_rate,pays,audiences,territories,curricula,eu_funding
            ESF,European Social Fund Plus,9000,EUR,60%,trainer-fees,administrators|social-economy,,,yes
            CLUSTER,Cluster partners pool,2500,EUR,40%,trainer-fees,entrepreneurs|social-economy,,,no
            REGION,Walloon Region,5000,EUR,50%,all,,,,no
            CITY,City of Liège,1800,EUR,100%,all,,,,no

            """
        func window(_ from: Int, _ to: Int) -> String { "\(day(from)),\(day(to))" }
        let offerings = """
            id,module,audience,cohorts,participants,sessions,window_start,window_end,slots,min_days_between,max_days_between,prerequisites,territory,language,equipment,step_free,priority
            SEM1-ADM,SEM-01,administrators,2,20,,\(window(0, 40)),morning|afternoon,2,14,,Liège,fr,,yes,9
            SEM2-ADM,SEM-02,administrators,1,20,,\(window(14, 100)),morning|afternoon,2,14,SEM1-ADM,Liège,fr,,yes,7
            SCP1-ADM,SCP-01,administrators,2,18,,\(window(0, 60)),morning|afternoon,3,21,,Liège,fr,,yes,8
            SCP2-ADM,SCP-02,administrators,1,16,,\(window(30, 120)),,3,21,SCP1-ADM,Liège,fr,computers,yes,6
            EOP1-ADM,EOP-01,administrators,1,16,,\(window(20, 90)),,1,,,Liège,fr,computers,yes,5
            GDPR-ADM,RC-GDPR,administrators,1,25,,\(window(40, 130)),morning|afternoon,2,14,,Liège,fr,,yes,6
            GDPR-NL,RC-GDPR,administrators,1,12,,\(window(40, 130)),,2,14,,Herstal,de,,yes,1
            SCP3-ENT,SCP-03,entrepreneurs,1,20,,\(window(10, 80)),evening,3,14,,Liège,fr,,yes,6
            EOP2-ENT,EOP-02,entrepreneurs,2,15,,\(window(10, 120)),evening,3,14,,Liège,en,,yes,7
            COOP-ENT,RC-COOP,entrepreneurs,1,20,,\(window(20, 135)),evening,2,10,,Liège,fr,,yes,5
            EOP3-ENT,EOP-03,entrepreneurs,1,15,,\(window(60, 135)),evening,1,,,Seraing,fr,,yes,3
            TPC1-SOC,TPC-01,social-economy,1,24,,\(window(0, 60)),,2,14,,Verviers,fr,,yes,7
            TPC2-SOC,TPC-02,social-economy,1,24,,\(window(30, 130)),,2,14,TPC1-SOC,Verviers,fr,,yes,5
            CGP1-SOC,CGP-01,social-economy,1,22,,\(window(0, 70)),,3,14,,Verviers,fr,,yes,6
            CGP3-SOC,CGP-03,social-economy,1,22,,\(window(40, 130)),,1,,,Verviers,fr,,yes,4
            SEM3-SOC,SEM-03,social-economy,1,35,,\(window(50, 135)),,1,,,Seraing,fr,computers,yes,2

            """
        let tracks = """
            id,cohorts
            ADMIN-A,SEM1-ADM#1|SCP1-ADM#1|EOP1-ADM#1
            ADMIN-B,SEM1-ADM#2|SCP1-ADM#2|GDPR-ADM#1
            SOCIAL,TPC1-SOC#1|CGP1-SOC#1

            """
        return [
            "calendar.csv": calendar, "venues.csv": venues, "trainers.csv": trainers, "funders.csv": funders,
            "offerings.csv": offerings, "tracks.csv": tracks,
        ]
    }

    /// Synthetic participants (CSV), with names in several European scripts and monitoring data.
    static func participants(count: Int, seed: UInt64) -> String {
        var random = SeededGenerator(seed: seed)
        let women = [
            "Agnieszka", "Åsa", "Ελένη", "Анна", "Claire", "Sophie", "Marie", "Giulia", "Katarzyna", "Ingrid", "Lucía",
            "Nathalie", "Fatima", "Zuzana", "Marta", "Léa", "Emma", "Olga", "Σοφία", "Chloé",
        ]
        let men = [
            "Jean", "Marc", "Luc", "Piotr", "Jan", "Dimitris", "Олег", "Mehmet", "Thomas", "Lars", "Pablo", "Hugo",
            "Karim",
            "Tomáš", "Nicolas", "Παύλος", "Pierre", "Youssef", "Björn", "Arnaud",
        ]
        let neutral = ["Sam", "Alex", "Charlie", "Kim", "Robin"]
        let families = [
            "Dubois", "Lambert", "Martin", "Peeters", "Wróblewska", "Öberg", "Παπαδοπούλου", "Ковальчук", "Janssens",
            "Rossi", "García", "Nowak", "Lemaire", "Dvořák", "Schmitt", "Mertens", "Yılmaz", "Haddad", "Lindqvist",
            "Leclercq", "Łukasiewicz", "Γεωργίου", "Петренко", "Renard", "Claes", "Fontaine", "Smets", "Novák",
        ]
        let administrations = [
            "Ville de Liège", "Ville de Seraing", "Commune de Herstal", "Ville de Verviers", "CPAS de Liège",
            "Province de Liège", "Commune de Spa",
        ]
        let smes = [
            "Boulangerie Lemaire SPRL", "Atelier Vélo Ourthe", "Brasserie du Perron", "Imprimerie Mosane",
            "Studio Graphique Batte", "Garage Dumont", "Librairie Pax", "Café des Arts", "Menuiserie Collard",
        ]
        let socialEconomy = [
            "ASBL Entraide", "Coopérative Terre & Toit", "Régie de quartier Ste-Marguerite", "Resto du Cœur Liège",
            "Recyclerie Ressources", "SCIC Énergie Citoyenne", "Épicerie solidaire Ourthe",
        ]
        var lines = [
            "id,email,family_name,given_name,organisation,organisation_type,audience,gender,birth_year,employment_status,education_level,disability,minority"
        ]
        for index in 1...count {
            let roll = random.below(100)
            let audience = roll < 45 ? "administrators" : roll < 75 ? "entrepreneurs" : "social-economy"
            let genderRoll = random.below(100)
            let gender =
                genderRoll < 56 ? "woman" : genderRoll < 96 ? "man" : genderRoll < 98 ? "non-binary" : "not-stated"
            let given =
                gender == "woman" ? random.pick(women) : gender == "man" ? random.pick(men) : random.pick(neutral)
            let family = random.pick(families)
            let (organisation, type, employment): (String, String, String) =
                switch audience {
                case "administrators": (random.pick(administrations), "public-administration", "employed")
                case "entrepreneurs":
                    (random.pick(smes), "sme", random.below(3) == 0 ? "employed" : "self-employed")
                default:
                    (
                        random.pick(socialEconomy), "social-economy",
                        random.pick(["employed", "employed", "unemployed", "long-term-unemployed", "inactive"])
                    )
                }
            let birth = 1958 + random.below(48)
            let isced = random.pick(["2", "3", "4", "5", "6", "6", "7", "7", "8", "refused"])
            let disability = random.below(100) < 6 ? "yes" : random.below(100) < 8 ? "refused" : "no"
            let minority = random.below(100) < 9 ? "yes" : random.below(100) < 7 ? "refused" : "no"
            let id = String(format: "P%04d", index)
            lines.append(
                [
                    id, "\(id.lowercased())@example.org", family, given, organisation, type, audience, gender,
                    String(birth),
                    employment, isced, disability, minority,
                ].map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
