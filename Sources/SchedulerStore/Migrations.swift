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
        return migrator
    }
}
