import GRDB

/// The workspace schema, as named migrations. A migration that has landed is never edited: add a new one.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2-history", migrate: v2History)
        migrator.registerMigration("v3-planning", migrate: v3Planning)
        migrator.registerMigration("v4-attendance", migrate: v4Attendance)
        migrator.registerMigration("v5-credentials", migrate: v5Credentials)
        migrator.registerMigration("v6-mark-versions", migrate: v6MarkVersions)
        migrator.registerMigration("v7-web", migrate: v7Web)
        migrator.registerMigration("v8-curriculum-formats", migrate: v8CurriculumFormats)
        migrator.registerMigration("v9-trainer-feeds", migrate: v9TrainerFeeds)
        return migrator
    }()

    /// Every glossary entity, with foreign keys; STRICT tables.
    private static func v1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE curriculum (
                    id TEXT PRIMARY KEY NOT NULL,
                    format TEXT NOT NULL CHECK (format IN ('native', 'xcri-cap', 'elm-loq', 'ewp-courses')),
                    source TEXT NOT NULL,
                    title TEXT NOT NULL,
                    provider TEXT,
                    qualification TEXT,
                    document TEXT NOT NULL,
                    imported_at TEXT NOT NULL
                ) STRICT;
                CREATE TABLE module (
                    id TEXT PRIMARY KEY NOT NULL,
                    curriculum_id TEXT NOT NULL REFERENCES curriculum(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    hours INTEGER CHECK (hours IS NULL OR hours > 0),
                    document TEXT NOT NULL
                ) STRICT;
                CREATE INDEX module_curriculum ON module(curriculum_id);
                CREATE TABLE curriculum_instance (
                    curriculum_id TEXT NOT NULL REFERENCES curriculum(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    identifier TEXT,
                    start_date TEXT,
                    end_date TEXT,
                    document TEXT NOT NULL,
                    PRIMARY KEY (curriculum_id, position)
                ) STRICT;
                CREATE TABLE venue (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    territory TEXT NOT NULL,
                    address TEXT NOT NULL,
                    capacity INTEGER NOT NULL CHECK (capacity > 0),
                    equipment TEXT NOT NULL,
                    step_free INTEGER NOT NULL,
                    cost_minor INTEGER NOT NULL CHECK (cost_minor >= 0),
                    currency TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    document TEXT NOT NULL
                ) STRICT;
                CREATE TABLE trainer (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    fee_minor INTEGER NOT NULL CHECK (fee_minor >= 0),
                    currency TEXT NOT NULL,
                    in_house INTEGER NOT NULL,
                    document TEXT NOT NULL
                ) STRICT;
                CREATE TABLE funder (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    budget_minor INTEGER NOT NULL CHECK (budget_minor >= 0),
                    currency TEXT NOT NULL,
                    max_rate_bp INTEGER NOT NULL CHECK (max_rate_bp BETWEEN 0 AND 10000),
                    document TEXT NOT NULL
                ) STRICT;
                CREATE TABLE offering (
                    id TEXT PRIMARY KEY NOT NULL,
                    module_id TEXT NOT NULL REFERENCES module(id),
                    audience TEXT NOT NULL,
                    cohorts INTEGER NOT NULL CHECK (cohorts > 0),
                    sessions_per_cohort INTEGER NOT NULL CHECK (sessions_per_cohort > 0),
                    window_start TEXT NOT NULL,
                    window_end TEXT NOT NULL,
                    priority INTEGER NOT NULL DEFAULT 0,
                    document TEXT NOT NULL
                ) STRICT;
                CREATE TABLE cohort (
                    offering_id TEXT NOT NULL REFERENCES offering(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL CHECK (number > 0),
                    PRIMARY KEY (offering_id, number)
                ) STRICT;
                CREATE TABLE session (
                    offering_id TEXT NOT NULL,
                    cohort_number INTEGER NOT NULL,
                    idx INTEGER NOT NULL CHECK (idx > 0),
                    date TEXT NOT NULL,
                    slot TEXT NOT NULL,
                    starts_at TEXT NOT NULL,
                    ends_at TEXT NOT NULL,
                    venue_id TEXT NOT NULL REFERENCES venue(id),
                    trainer_id TEXT NOT NULL REFERENCES trainer(id),
                    sequence INTEGER NOT NULL DEFAULT 0,
                    pinned INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (offering_id, cohort_number, idx),
                    FOREIGN KEY (offering_id, cohort_number) REFERENCES cohort(offering_id, number) ON DELETE CASCADE
                ) STRICT;
                CREATE INDEX session_venue ON session(venue_id, date);
                CREATE INDEX session_trainer ON session(trainer_id, date);
                CREATE TABLE funding_allocation (
                    offering_id TEXT NOT NULL,
                    cohort_number INTEGER NOT NULL,
                    funder_id TEXT NOT NULL REFERENCES funder(id),
                    kind TEXT NOT NULL CHECK (kind IN ('trainer-fees', 'venue-costs')),
                    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
                    currency TEXT NOT NULL,
                    PRIMARY KEY (offering_id, cohort_number, funder_id, kind),
                    FOREIGN KEY (offering_id, cohort_number) REFERENCES cohort(offering_id, number) ON DELETE CASCADE
                ) STRICT;
                CREATE TABLE participant (
                    id TEXT PRIMARY KEY NOT NULL,
                    family_name TEXT NOT NULL,
                    given_name TEXT NOT NULL,
                    organisation TEXT NOT NULL,
                    organisation_type TEXT NOT NULL,
                    audience TEXT NOT NULL,
                    erased INTEGER NOT NULL DEFAULT 0
                ) STRICT;
                CREATE TABLE participant_monitoring (
                    participant_id TEXT PRIMARY KEY NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    gender TEXT NOT NULL,
                    birth_year INTEGER,
                    employment_status TEXT,
                    education_level TEXT,
                    disability TEXT,
                    minority TEXT
                ) STRICT;
                CREATE TABLE registration (
                    participant_id TEXT NOT NULL REFERENCES participant(id),
                    offering_id TEXT NOT NULL,
                    cohort_number INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
                    requested_at TEXT NOT NULL,
                    PRIMARY KEY (participant_id, offering_id, cohort_number),
                    FOREIGN KEY (offering_id, cohort_number) REFERENCES cohort(offering_id, number)
                ) STRICT;
                CREATE TABLE attendance_status (
                    name TEXT PRIMARY KEY NOT NULL,
                    counts_as_attended INTEGER NOT NULL,
                    default_minutes TEXT NOT NULL CHECK (default_minutes IN ('full', 'none')),
                    key TEXT NOT NULL UNIQUE
                ) STRICT;
                INSERT INTO attendance_status VALUES
                    ('present', 1, 'full', 'p'), ('late', 1, 'full', 'l'),
                    ('excused', 0, 'none', 'e'), ('absent', 0, 'none', 'a');
                CREATE TABLE attendance_mark (
                    participant_id TEXT NOT NULL REFERENCES participant(id),
                    offering_id TEXT NOT NULL,
                    cohort_number INTEGER NOT NULL,
                    session_index INTEGER NOT NULL,
                    status TEXT NOT NULL REFERENCES attendance_status(name),
                    minutes INTEGER NOT NULL CHECK (minutes >= 0),
                    remark TEXT,
                    marked_by TEXT NOT NULL,
                    marked_at TEXT NOT NULL,
                    PRIMARY KEY (participant_id, offering_id, cohort_number, session_index),
                    FOREIGN KEY (offering_id, cohort_number, session_index)
                        REFERENCES session(offering_id, cohort_number, idx)
                ) STRICT;
                CREATE TABLE certificate (
                    id TEXT PRIMARY KEY NOT NULL,
                    participant_id TEXT NOT NULL REFERENCES participant(id),
                    offering_id TEXT NOT NULL REFERENCES offering(id),
                    code TEXT NOT NULL UNIQUE,
                    issued_on TEXT NOT NULL,
                    minutes_attended INTEGER NOT NULL,
                    minutes_planned INTEGER NOT NULL,
                    revoked_at TEXT,
                    revocation_reason TEXT,
                    UNIQUE (participant_id, offering_id)
                ) STRICT;
                """)
    }

    /// The append-only history of every change, guarded by triggers.
    private static func v2History(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    detail TEXT NOT NULL
                ) STRICT;
                CREATE INDEX history_subject ON history(subject);
                CREATE TRIGGER history_no_update BEFORE UPDATE ON history
                    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
                CREATE TRIGGER history_no_delete BEFORE DELETE ON history
                    BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
                """)
    }

    /// The programme calendar, tracks, the funders' order of preference, and what the last solve left out.
    private static func v3Planning(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE calendar (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    time_zone TEXT NOT NULL,
                    document TEXT NOT NULL
                ) STRICT;
                CREATE TABLE track (
                    id TEXT PRIMARY KEY NOT NULL,
                    document TEXT NOT NULL
                ) STRICT;
                ALTER TABLE funder ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE unscheduled_cohort (
                    offering_id TEXT NOT NULL,
                    cohort_number INTEGER NOT NULL,
                    reasons TEXT NOT NULL,
                    PRIMARY KEY (offering_id, cohort_number),
                    FOREIGN KEY (offering_id, cohort_number) REFERENCES cohort(offering_id, number) ON DELETE CASCADE
                ) STRICT;
                CREATE TABLE schedule_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    seed INTEGER NOT NULL,
                    score INTEGER NOT NULL,
                    placed INTEGER NOT NULL,
                    unscheduled INTEGER NOT NULL,
                    moved INTEGER NOT NULL
                ) STRICT;
                """)
    }

    /// Settings (organiser name, verify URL), waiting-list order, and coarse anonymous monitoring for
    /// erased participants.
    private static func v4Attendance(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) STRICT;
                ALTER TABLE registration ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE participant ADD COLUMN email TEXT;
                ALTER TABLE participant_monitoring ADD COLUMN age_band TEXT;
                CREATE INDEX registration_cohort ON registration(offering_id, cohort_number, status);
                CREATE INDEX mark_session ON attendance_mark(offering_id, cohort_number, session_index);
                """)
    }

    /// The signed Open Badges credential of each certificate, and its cohort.
    private static func v5Credentials(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE certificate ADD COLUMN cohort_number INTEGER;
                ALTER TABLE certificate ADD COLUMN credential TEXT;
                """)
    }

    /// Marks keep their earlier versions instead of a history line each (a system-versioned table):
    /// `attendance_mark` holds the current version, clustered by session (WITHOUT ROWID, so one b-tree and
    /// no second index), and `mark_version` receives, append-only, every version a change replaces. Who
    /// recorded a mark, when and from what (a file, a roll call) is one `mark_recording` row per command
    /// rather than the same text on every mark. The history of a mark is its versions in order;
    /// `logged` = 1 marks versions whose lines the general history already holds (those recorded before
    /// this migration), so they are not shown twice.
    private static func v6MarkVersions(_ db: Database) throws {
        let columns = """
            offering_id TEXT NOT NULL,
                cohort_number INTEGER NOT NULL,
                session_index INTEGER NOT NULL,
                participant_id TEXT NOT NULL,
                status TEXT NOT NULL,
                minutes INTEGER NOT NULL CHECK (minutes >= 0),
                remark TEXT,
                recording_id INTEGER NOT NULL REFERENCES mark_recording(id),
                logged INTEGER NOT NULL DEFAULT 0
            """
        try db.execute(
            sql: """
                CREATE TABLE mark_recording (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    source TEXT
                ) STRICT;
                INSERT INTO mark_recording (at, actor)
                    SELECT DISTINCT marked_at, marked_by FROM attendance_mark ORDER BY marked_at, marked_by;
                CREATE TABLE attendance_mark_v6 (
                    \(columns),
                    PRIMARY KEY (offering_id, cohort_number, session_index, participant_id),
                    FOREIGN KEY (participant_id) REFERENCES participant(id),
                    FOREIGN KEY (status) REFERENCES attendance_status(name),
                    FOREIGN KEY (offering_id, cohort_number, session_index)
                        REFERENCES session(offering_id, cohort_number, idx)
                ) STRICT, WITHOUT ROWID;
                INSERT INTO attendance_mark_v6
                    SELECT m.offering_id, m.cohort_number, m.session_index, m.participant_id, m.status, m.minutes,
                        m.remark, r.id, 1
                    FROM attendance_mark m JOIN mark_recording r ON r.at = m.marked_at AND r.actor = m.marked_by;
                DROP TABLE attendance_mark;
                ALTER TABLE attendance_mark_v6 RENAME TO attendance_mark;
                CREATE TABLE mark_version (
                    \(columns)
                ) STRICT;
                CREATE INDEX mark_version_key ON mark_version(offering_id, cohort_number, session_index, participant_id);
                CREATE TRIGGER mark_version_no_update BEFORE UPDATE ON mark_version
                    BEGIN SELECT RAISE(ABORT, 'mark versions are append-only'); END;
                CREATE TRIGGER mark_version_no_delete BEFORE DELETE ON mark_version
                    BEGIN SELECT RAISE(ABORT, 'mark versions are append-only'); END;
                """)
    }

    /// The web application's accounts (a password hash, or a one-time set-up link's hash while pending),
    /// signed-in sessions (the hash of the cookie's value, never the value), and participants' personal
    /// links (hashes too).
    private static func v7Web(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE account (
                    name TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('coordinator', 'trainer')),
                    trainer_id TEXT REFERENCES trainer(id),
                    password_hash TEXT,
                    setup_hash TEXT UNIQUE,
                    setup_expires REAL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at TEXT NOT NULL,
                    CHECK (role = 'coordinator' OR trainer_id IS NOT NULL)
                ) STRICT;
                CREATE TABLE web_session (
                    key_hash TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL,
                    expires REAL
                ) STRICT;
                CREATE TABLE participant_link (
                    participant_id TEXT PRIMARY KEY NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL
                ) STRICT;
                """)
    }

    /// A secret calendar-feed link per account (its token's hash), for a trainer's calendar application.
    private static func v9TrainerFeeds(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE account_feed (
                    account TEXT PRIMARY KEY NOT NULL REFERENCES account(name) ON DELETE CASCADE,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL
                ) STRICT;
                """)
    }

    /// Curricula in the formats read since: LHÉO, CDM-fr, IMS Common Cartridge and Moodle backups. SQLite
    /// cannot change a CHECK constraint, so the table is made anew and its rows copied (the migrator turns
    /// foreign keys off while it runs and checks them after: modules and instances keep their curricula).
    private static func v8CurriculumFormats(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE curriculum_new (
                    id TEXT PRIMARY KEY NOT NULL,
                    format TEXT NOT NULL CHECK (format IN (
                        'native', 'xcri-cap', 'elm-loq', 'ewp-courses', 'lheo', 'cdm-fr', 'ims-cc', 'moodle')),
                    source TEXT NOT NULL,
                    title TEXT NOT NULL,
                    provider TEXT,
                    qualification TEXT,
                    document TEXT NOT NULL,
                    imported_at TEXT NOT NULL
                ) STRICT;
                INSERT INTO curriculum_new (id, format, source, title, provider, qualification, document, imported_at)
                    SELECT id, format, source, title, provider, qualification, document, imported_at FROM curriculum;
                DROP TABLE curriculum;
                ALTER TABLE curriculum_new RENAME TO curriculum;
                """)
    }
}
