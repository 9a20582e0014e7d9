import GRDB

/// The schema, as named migrations. A migration is never edited once released: add a new one instead.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-jobs-nodes-users") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY,
                    user TEXT NOT NULL,
                    project TEXT NOT NULL,
                    name TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN
                        ('PENDING','RUNNING','COMPLETED','FAILED','CANCELLED','TIMEOUT','NODE_FAIL')),
                    submit_time INTEGER NOT NULL,
                    start_time INTEGER,
                    end_time INTEGER,
                    exit_code INTEGER,
                    data TEXT NOT NULL            -- the full job as JSON (spec, allocation, notes)
                );
                CREATE INDEX jobs_by_state ON jobs(state);
                CREATE INDEX jobs_by_user ON jobs(user, id);

                CREATE TABLE job_transitions (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id INTEGER NOT NULL REFERENCES jobs(id),
                    at INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    reason TEXT NOT NULL
                );
                CREATE INDEX job_transitions_by_job ON job_transitions(job_id, seq);

                CREATE TABLE nodes (
                    name TEXT PRIMARY KEY,
                    status TEXT NOT NULL CHECK (status IN ('UP','DOWN','DRAIN')),
                    address TEXT NOT NULL,
                    cpus INTEGER NOT NULL,
                    memory_mb INTEGER NOT NULL,
                    gpus INTEGER NOT NULL,
                    last_heard INTEGER NOT NULL,
                    data TEXT NOT NULL            -- inventory and topology as JSON
                );

                CREATE TABLE funding_schemes (
                    name TEXT PRIMARY KEY,
                    display_name TEXT NOT NULL,
                    shares INTEGER NOT NULL CHECK (shares > 0)
                );
                CREATE TABLE projects (
                    name TEXT PRIMARY KEY,
                    scheme TEXT NOT NULL REFERENCES funding_schemes(name),
                    display_name TEXT NOT NULL,
                    shares INTEGER NOT NULL CHECK (shares > 0)
                );
                CREATE TABLE users (
                    name TEXT PRIMARY KEY,
                    default_project TEXT NOT NULL
                );
                CREATE TABLE project_members (
                    project TEXT NOT NULL REFERENCES projects(name),
                    user TEXT NOT NULL,
                    PRIMARY KEY (project, user)
                );

                CREATE TABLE tokens (
                    id TEXT PRIMARY KEY,
                    user TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('user','admin','node')),
                    issued_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    revoked_at INTEGER
                );
                """)
        }
        migrator.registerMigration("v2-accounting-audit") { db in
            try db.execute(sql: """
                -- Full account entities (budgets, limits, expiry, member shares) as JSON beside the columns.
                ALTER TABLE funding_schemes ADD COLUMN data TEXT;
                ALTER TABLE projects ADD COLUMN data TEXT;

                CREATE TABLE usage_ledger (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id INTEGER NOT NULL,
                    project TEXT NOT NULL,
                    user TEXT NOT NULL,
                    qos TEXT NOT NULL,
                    from_ms INTEGER NOT NULL,
                    to_ms INTEGER NOT NULL CHECK (to_ms >= from_ms),
                    rate REAL NOT NULL,
                    multiplier REAL NOT NULL,
                    gpu_hours REAL NOT NULL,
                    counts_against_budget INTEGER NOT NULL
                );
                CREATE INDEX usage_ledger_by_project ON usage_ledger(project, to_ms);

                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    before TEXT,                  -- JSON of the entity before; NULL: it did not exist
                    after TEXT                    -- JSON after; NULL: it was deleted
                );
                CREATE INDEX audit_log_by_subject ON audit_log(subject, seq);

                -- The ledger and the audit log are append-only: funders and auditors rely on them.
                CREATE TRIGGER usage_ledger_no_update BEFORE UPDATE ON usage_ledger
                    BEGIN SELECT RAISE(ABORT, 'the usage ledger is append-only'); END;
                CREATE TRIGGER usage_ledger_no_delete BEFORE DELETE ON usage_ledger
                    BEGIN SELECT RAISE(ABORT, 'the usage ledger is append-only'); END;
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

                -- Centre-wide settings changed at run time (the QoS table), as JSON.
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-shared-scripts") { db in
            try db.execute(sql: """
                -- A batch script is stored once per submission (an array's tasks share their first task's copy),
                -- not in every job's JSON: `--array 0-99` of a 3 MB script took 300 MB. Rows written before this
                -- migration keep their script inline in `data` (script_id NULL) and load as before.
                CREATE TABLE job_scripts (
                    id INTEGER PRIMARY KEY,       -- the job id of the array's first task, or of the job itself
                    text TEXT NOT NULL
                );
                ALTER TABLE jobs ADD COLUMN script_id INTEGER REFERENCES job_scripts(id);
                CREATE INDEX jobs_by_script ON jobs(script_id) WHERE script_id IS NOT NULL;
                -- Whoever deletes jobs (a purge of old ones) frees their script with the last of them, so a job id
                -- used again can never find another job's script.
                CREATE TRIGGER jobs_free_script AFTER DELETE ON jobs
                    WHEN OLD.script_id IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM jobs WHERE script_id = OLD.script_id)
                    BEGIN DELETE FROM job_scripts WHERE id = OLD.script_id; END;
                """)
        }
        migrator.registerMigration("v4-node-control") { db in
            // An admin's drain or down order (who, when, why) as JSON; NULL while the node is in service.
            try db.execute(sql: "ALTER TABLE nodes ADD COLUMN control TEXT")
        }
        migrator.registerMigration("v5-ledger-rows") { db in
            // A ledger row folds a job's charges over a period (LedgerRows): it is updated in place while the period
            // lasts and folded further once behind the burn-rate window, so the ledger is no longer append-only.
            // Rows may only grow: what a row says about its job, price and start never changes, and it never
            // shrinks. Deleting is left to compaction, which replaces rows by one with the same totals.
            try db.execute(sql: """
                DROP TRIGGER usage_ledger_no_update;
                DROP TRIGGER usage_ledger_no_delete;
                -- The row's charges decayed to its end (fair share); NULL: a single charge, equal to gpu_hours.
                ALTER TABLE usage_ledger ADD COLUMN decayed_gpu_hours REAL;
                CREATE INDEX usage_ledger_by_job ON usage_ledger(job_id, from_ms);
                CREATE INDEX usage_ledger_by_end ON usage_ledger(to_ms);
                CREATE TRIGGER usage_ledger_rows_only_grow BEFORE UPDATE ON usage_ledger
                    WHEN NEW.seq != OLD.seq OR NEW.job_id != OLD.job_id OR NEW.project != OLD.project
                        OR NEW.user != OLD.user OR NEW.qos != OLD.qos OR NEW.from_ms != OLD.from_ms
                        OR NEW.rate != OLD.rate OR NEW.multiplier != OLD.multiplier
                        OR NEW.counts_against_budget != OLD.counts_against_budget
                        OR NEW.to_ms < OLD.to_ms OR NEW.gpu_hours < OLD.gpu_hours
                    BEGIN SELECT RAISE(ABORT, 'a usage ledger row may only grow'); END;
                """)
        }
        migrator.registerMigration("v6-job-history") { db in
            // Finished jobs leave the live state after their retention (Transition.jobRetired) but keep their rows:
            // the flag tells a restart not to load them, and the indexes serve `aisubmit history` (sacct) by user,
            // project and time without scanning the centre's whole past. Rows written before stay live (0) until
            // the core retires them on its first pass after the upgrade.
            try db.execute(sql: """
                ALTER TABLE jobs ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
                -- A restart reads the live jobs only.
                CREATE INDEX jobs_live ON jobs(id) WHERE retired = 0;
                -- A job is in a time window when it was submitted before its end and had not ended before its start
                -- (a job still running has no end: the largest integer stands for it, so one range covers both).
                CREATE INDEX jobs_by_user_end ON jobs(user, ifnull(end_time, 9223372036854775807));
                CREATE INDEX jobs_by_end ON jobs(ifnull(end_time, 9223372036854775807));
                CREATE INDEX jobs_by_project ON jobs(project, id);
                -- Retired jobs' submission keys still honoured after a restart, found by submit time.
                CREATE INDEX jobs_retired_by_submit ON jobs(submit_time) WHERE retired = 1;
                """)
        }
        migrator.registerMigration("v7-viewers-and-queue-samples") { db in
            try db.execute(sql: """
                -- A new role, viewer, with its funding schemes (comma-separated; '' for every other role). SQLite
                -- cannot change a CHECK constraint, so the table is copied into one with the new constraints.
                CREATE TABLE tokens_v7 (
                    id TEXT PRIMARY KEY,
                    user TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('user','admin','node','viewer')),
                    issued_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    revoked_at INTEGER,
                    schemes TEXT NOT NULL DEFAULT '' CHECK ((role = 'viewer') = (schemes != ''))
                );
                INSERT INTO tokens_v7 (id, user, role, issued_at, expires_at, revoked_at)
                    SELECT id, user, role, issued_at, expires_at, revoked_at FROM tokens;
                DROP TABLE tokens;
                ALTER TABLE tokens_v7 RENAME TO tokens;
                -- The queue once a minute (QueueSample), for the dashboard's queue-over-time chart; kept 31 days.
                CREATE TABLE queue_samples (
                    at_ms INTEGER PRIMARY KEY,
                    pending INTEGER NOT NULL,
                    held INTEGER NOT NULL,
                    running INTEGER NOT NULL,
                    gpus_wanted INTEGER NOT NULL,
                    gpus_in_use INTEGER NOT NULL,
                    median_wait_ms INTEGER NOT NULL,
                    max_wait_ms INTEGER NOT NULL
                );
                """)
        }
        return migrator
    }
}
