PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1-jobs-nodes-users');
INSERT INTO grdb_migrations VALUES('v2-accounting-audit');
INSERT INTO grdb_migrations VALUES('v3-shared-scripts');
INSERT INTO grdb_migrations VALUES('v4-node-control');
INSERT INTO grdb_migrations VALUES('v5-ledger-rows');
INSERT INTO grdb_migrations VALUES('v6-job-history');
INSERT INTO grdb_migrations VALUES('v7-viewers-and-queue-samples');
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
, script_id INTEGER REFERENCES job_scripts(id), retired INTEGER NOT NULL DEFAULT 0);
INSERT INTO jobs VALUES(1,'alice','llm','train','COMPLETED',1764000063000,1764000063000,1764005547000,0,'{"activeNodes":[],"allocation":{"nodes":[{"cpus":[0,1,2,3],"gpus":[0,1],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"effectiveQoS":"normal","endTime":{"milliseconds":1764005547000},"exitCode":0,"held":false,"history":[],"id":1,"notes":["gpu-001: cgroup v2"],"reason":"Exit code 0","runs":1,"signal":0,"spec":{"argv":["python","train.py","--lr","3e-4"],"environment":["OMP_NUM_THREADS=4","RUN=train"],"hold":false,"name":"train","project":"llm","qos":"normal","request":{"cpusPerNode":4,"exclusive":false,"gpusPerNode":2,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000063000},"startedNodes":["gpu-001"],"state":"COMPLETED","stderrPath":"\/home\/alice\/aisched-1.out","stdoutPath":"\/home\/alice\/aisched-1.out","submitTime":{"milliseconds":1764000063000}}',NULL,1);
INSERT INTO jobs VALUES(2,'bob','vision','eval','FAILED',1764000070000,1764000070000,1764005554000,3,'{"activeNodes":[],"allocation":{"nodes":[{"cpus":[4,5],"gpus":[2],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"effectiveQoS":"normal","endTime":{"milliseconds":1764005554000},"exitCode":3,"held":false,"history":[],"id":2,"notes":["gpu-001: cgroup v2"],"reason":"Exit code 3 on gpu-001","runs":1,"signal":0,"spec":{"argv":[],"environment":["OMP_NUM_THREADS=2","RUN=eval"],"hold":false,"name":"eval","project":"vision","qos":"normal","request":{"cpusPerNode":2,"exclusive":false,"gpusPerNode":1,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"bob","workdir":"\/home\/bob"},"startTime":{"milliseconds":1764000070000},"startedNodes":["gpu-001"],"state":"FAILED","stderrPath":"\/home\/bob\/aisched-2.out","stdoutPath":"\/home\/bob\/aisched-2.out","submitTime":{"milliseconds":1764000070000}}',2,1);
INSERT INTO jobs VALUES(3,'alice','llm','big','RUNNING',1764000077000,1764005554000,NULL,NULL,'{"activeNodes":["gpu-001"],"allocation":{"nodes":[{"cpus":[0,1,2,3,4,5,6,7],"gpus":[0,1,2,3],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"effectiveQoS":"normal","held":false,"history":[],"id":3,"notes":[],"reason":"Allocated gpu-001","runs":1,"signal":0,"spec":{"argv":["torchrun","big.py"],"environment":["OMP_NUM_THREADS=8","RUN=big"],"hold":false,"name":"big","project":"llm","qos":"normal","request":{"cpusPerNode":8,"exclusive":false,"gpusPerNode":4,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764005554000},"startedNodes":[],"state":"RUNNING","stderrPath":"\/home\/alice\/aisched-3.out","stdoutPath":"\/home\/alice\/aisched-3.out","submitTime":{"milliseconds":1764000077000}}',NULL,0);
INSERT INTO jobs VALUES(4,'bob','vision','held','PENDING',1764000084000,NULL,NULL,NULL,'{"activeNodes":[],"effectiveQoS":"normal","held":true,"history":[],"id":4,"notes":[],"pendingReason":"Held","reason":"Held","signal":0,"spec":{"argv":["sleep","60"],"environment":["OMP_NUM_THREADS=1","RUN=held"],"hold":true,"name":"held","project":"vision","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"bob","workdir":"\/home\/bob"},"startedNodes":[],"state":"PENDING","stderrPath":"\/home\/bob\/aisched-4.out","stdoutPath":"\/home\/bob\/aisched-4.out","submitTime":{"milliseconds":1764000084000}}',NULL,0);
INSERT INTO jobs VALUES(5,'alice','llm','doomed','CANCELLED',1764000091000,1764000091000,1764005561000,NULL,'{"activeNodes":["gpu-001"],"allocation":{"nodes":[{"cpus":[8],"gpus":[],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"effectiveQoS":"normal","endTime":{"milliseconds":1764005561000},"held":false,"history":[],"id":5,"notes":["gpu-001: cgroup v2"],"reason":"Cancelled by alice","runs":1,"signal":0,"spec":{"argv":["sleep","600"],"environment":["OMP_NUM_THREADS=1","RUN=doomed"],"hold":false,"name":"doomed","project":"llm","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000091000},"startedNodes":["gpu-001"],"state":"CANCELLED","stderrPath":"\/home\/alice\/aisched-5.out","stdoutPath":"\/home\/alice\/aisched-5.out","submitTime":{"milliseconds":1764000091000}}',NULL,0);
INSERT INTO jobs VALUES(6,'alice','llm','sweep','COMPLETED',1764000098000,1764000098000,1764005568000,0,'{"activeNodes":[],"allocation":{"nodes":[{"cpus":[9],"gpus":[],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"arrayJobID":6,"arrayTaskID":0,"effectiveQoS":"normal","endTime":{"milliseconds":1764005568000},"exitCode":0,"held":false,"history":[],"id":6,"notes":["gpu-001: cgroup v2"],"reason":"Exit code 0","runs":1,"signal":0,"spec":{"argv":[],"array":"0-2","environment":["OMP_NUM_THREADS=1","RUN=sweep"],"hold":false,"name":"sweep","project":"llm","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000098000},"startedNodes":["gpu-001"],"state":"COMPLETED","stderrPath":"\/home\/alice\/aisched-6.out","stdoutPath":"\/home\/alice\/aisched-6.out","submitTime":{"milliseconds":1764000098000}}',6,0);
INSERT INTO jobs VALUES(7,'alice','llm','sweep','FAILED',1764000098000,1764000098000,1764006175000,1,'{"activeNodes":[],"allocation":{"nodes":[{"cpus":[10],"gpus":[],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"arrayJobID":6,"arrayTaskID":1,"effectiveQoS":"normal","endTime":{"milliseconds":1764006175000},"exitCode":1,"held":false,"history":[],"id":7,"notes":["gpu-001: cgroup v2"],"reason":"Exit code 1 on gpu-001","runs":1,"signal":0,"spec":{"argv":[],"array":"0-2","environment":["OMP_NUM_THREADS=1","RUN=sweep"],"hold":false,"name":"sweep","project":"llm","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000098000},"startedNodes":["gpu-001"],"state":"FAILED","stderrPath":"\/home\/alice\/aisched-7.out","stdoutPath":"\/home\/alice\/aisched-7.out","submitTime":{"milliseconds":1764000098000}}',6,0);
INSERT INTO jobs VALUES(8,'alice','llm','sweep','RUNNING',1764000098000,1764000098000,NULL,NULL,'{"activeNodes":["gpu-001"],"allocation":{"nodes":[{"cpus":[11],"gpus":[],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"arrayJobID":6,"arrayTaskID":2,"effectiveQoS":"normal","held":false,"history":[],"id":8,"notes":["gpu-001: cgroup v2"],"reason":"Allocated gpu-001","runs":1,"signal":0,"spec":{"argv":[],"array":"0-2","environment":["OMP_NUM_THREADS=1","RUN=sweep"],"hold":false,"name":"sweep","project":"llm","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000098000},"startedNodes":["gpu-001"],"state":"RUNNING","stderrPath":"\/home\/alice\/aisched-8.out","stdoutPath":"\/home\/alice\/aisched-8.out","submitTime":{"milliseconds":1764000098000}}',6,0);
CREATE TABLE job_transitions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    at INTEGER NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL
);
INSERT INTO job_transitions VALUES(1,1,1764000063000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(2,1,1764000063000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(3,2,1764000070000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(4,2,1764000070000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(5,3,1764000077000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(6,4,1764000084000,'PENDING','Held');
INSERT INTO job_transitions VALUES(7,5,1764000091000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(8,5,1764000091000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(9,6,1764000098000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(10,7,1764000098000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(11,8,1764000098000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(12,6,1764000098000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(13,7,1764000098000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(14,8,1764000098000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(15,1,1764005547000,'COMPLETED','Exit code 0');
INSERT INTO job_transitions VALUES(16,2,1764005554000,'FAILED','Exit code 3 on gpu-001');
INSERT INTO job_transitions VALUES(17,3,1764005554000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(18,5,1764005561000,'CANCELLED','Cancelled by alice');
INSERT INTO job_transitions VALUES(19,6,1764005568000,'COMPLETED','Exit code 0');
INSERT INTO job_transitions VALUES(20,7,1764006175000,'FAILED','Exit code 1 on gpu-001');
CREATE TABLE nodes (
    name TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('UP','DOWN','DRAIN')),
    address TEXT NOT NULL,
    cpus INTEGER NOT NULL,
    memory_mb INTEGER NOT NULL,
    gpus INTEGER NOT NULL,
    last_heard INTEGER NOT NULL,
    data TEXT NOT NULL            -- inventory and topology as JSON
, control TEXT);
INSERT INTO nodes VALUES('gpu-001','UP','10.0.0.1',16,128000,4,1764000042000,'{"address":"10.0.0.1","name":"gpu-001","topology":{"cores":[{"cpus":[0],"numaDomain":0},{"cpus":[1],"numaDomain":0},{"cpus":[2],"numaDomain":0},{"cpus":[3],"numaDomain":0},{"cpus":[4],"numaDomain":0},{"cpus":[5],"numaDomain":0},{"cpus":[6],"numaDomain":0},{"cpus":[7],"numaDomain":0},{"cpus":[8],"numaDomain":0},{"cpus":[9],"numaDomain":0},{"cpus":[10],"numaDomain":0},{"cpus":[11],"numaDomain":0},{"cpus":[12],"numaDomain":0},{"cpus":[13],"numaDomain":0},{"cpus":[14],"numaDomain":0},{"cpus":[15],"numaDomain":0}],"gpus":[{"index":0,"memoryMB":0,"model":"H100","numaDomain":0},{"index":1,"memoryMB":0,"model":"H100","numaDomain":0},{"index":2,"memoryMB":0,"model":"H100","numaDomain":0},{"index":3,"memoryMB":0,"model":"H100","numaDomain":0}],"numaDomains":[{"distances":[],"id":0,"memoryMB":128000}]}}',NULL);
INSERT INTO nodes VALUES('gpu-002','UP','10.0.0.2',16,128000,4,1764000049000,'{"address":"10.0.0.2","name":"gpu-002","topology":{"cores":[{"cpus":[0],"numaDomain":0},{"cpus":[1],"numaDomain":0},{"cpus":[2],"numaDomain":0},{"cpus":[3],"numaDomain":0},{"cpus":[4],"numaDomain":0},{"cpus":[5],"numaDomain":0},{"cpus":[6],"numaDomain":0},{"cpus":[7],"numaDomain":0},{"cpus":[8],"numaDomain":0},{"cpus":[9],"numaDomain":0},{"cpus":[10],"numaDomain":0},{"cpus":[11],"numaDomain":0},{"cpus":[12],"numaDomain":0},{"cpus":[13],"numaDomain":0},{"cpus":[14],"numaDomain":0},{"cpus":[15],"numaDomain":0}],"gpus":[{"index":0,"memoryMB":0,"model":"H100","numaDomain":0},{"index":1,"memoryMB":0,"model":"H100","numaDomain":0},{"index":2,"memoryMB":0,"model":"H100","numaDomain":0},{"index":3,"memoryMB":0,"model":"H100","numaDomain":0}],"numaDomains":[{"distances":[],"id":0,"memoryMB":128000}]}}','{"at":{"milliseconds":1764000056000},"by":"ops","reason":"NVLink errors on GPU 2","state":"DRAIN"}');
CREATE TABLE funding_schemes (
    name TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    shares INTEGER NOT NULL CHECK (shares > 0)
, data TEXT);
INSERT INTO funding_schemes VALUES('aisp','AI Subsidy Scheme',5,'{"budgets":[],"displayName":"AI Subsidy Scheme","limits":{"allowedGPUModels":[]},"name":"aisp","shares":5}');
CREATE TABLE projects (
    name TEXT PRIMARY KEY,
    scheme TEXT NOT NULL REFERENCES funding_schemes(name),
    display_name TEXT NOT NULL,
    shares INTEGER NOT NULL CHECK (shares > 0)
, data TEXT);
INSERT INTO projects VALUES('llm','aisp','Large language models',3,'{"budgets":[{"end":{"milliseconds":1771776000000},"gpuHours":5000,"rollover":false,"start":{"milliseconds":1764000000000}}],"displayName":"Large language models","limits":{"allowedGPUModels":[]},"memberShares":{},"members":["alice","bob"],"name":"llm","scheme":"aisp","shares":3}');
INSERT INTO projects VALUES('vision','aisp','',1,'{"budgets":[],"displayName":"","limits":{"allowedGPUModels":[]},"memberShares":{},"members":["bob"],"name":"vision","scheme":"aisp","shares":1}');
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    default_project TEXT NOT NULL
);
INSERT INTO users VALUES('alice','llm');
INSERT INTO users VALUES('bob','vision');
CREATE TABLE project_members (
    project TEXT NOT NULL REFERENCES projects(name),
    user TEXT NOT NULL,
    PRIMARY KEY (project, user)
);
INSERT INTO project_members VALUES('llm','alice');
INSERT INTO project_members VALUES('llm','bob');
INSERT INTO project_members VALUES('vision','bob');
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
, decayed_gpu_hours REAL);
INSERT INTO usage_ledger VALUES(1,1,'llm','alice','normal',1764000063000,1764003560000,2.0,1.0,1.9427777777777806011,1,1.9389577855017414709);
INSERT INTO usage_ledger VALUES(2,2,'vision','bob','normal',1764000070000,1764003560000,1.0,1.0,0.96944444444444588526,1,0.96754198820543235726);
INSERT INTO usage_ledger VALUES(3,5,'llm','alice','normal',1764000091000,1764003560000,0.0,1.0,0.0,1,0.0);
INSERT INTO usage_ledger VALUES(4,6,'llm','alice','normal',1764000098000,1764003560000,0.0,1.0,0.0,1,0.0);
INSERT INTO usage_ledger VALUES(5,7,'llm','alice','normal',1764000098000,1764003560000,0.0,1.0,0.0,1,0.0);
INSERT INTO usage_ledger VALUES(6,8,'llm','alice','normal',1764000098000,1764003560000,0.0,1.0,0.0,1,0.0);
INSERT INTO usage_ledger VALUES(7,1,'llm','alice','normal',1764003560000,1764005547000,2.0,1.0,1.1038888888888889194,1,1.1026707179313028905);
INSERT INTO usage_ledger VALUES(8,2,'vision','bob','normal',1764003560000,1764005554000,1.0,1.0,0.55388888888888898609,1,0.55327539591893970527);
INSERT INTO usage_ledger VALUES(9,5,'llm','alice','normal',1764003560000,1764005561000,0.0,1.0,0.0,1,0.0);
INSERT INTO usage_ledger VALUES(10,6,'llm','alice','normal',1764003560000,1764005568000,0.0,1.0,0.0,1,0.0);
INSERT INTO usage_ledger VALUES(11,7,'llm','alice','normal',1764003560000,1764006175000,0.0,1.0,0.0,1,0.0);
INSERT INTO usage_ledger VALUES(12,8,'llm','alice','normal',1764003560000,1764006138000,0.0,1.0,0.0,1,0.0);
INSERT INTO usage_ledger VALUES(13,3,'llm','alice','normal',1764005554000,1764006138000,4.0,1.0,0.64888888888888884842,1,0.6486936389315856033);
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    before TEXT,                  -- JSON of the entity before; NULL: it did not exist
    after TEXT                    -- JSON after; NULL: it was deleted
);
INSERT INTO audit_log VALUES(1,1764000007000,'ops','create-scheme','scheme aisp',NULL,'{"budgets":[],"displayName":"AI Subsidy Scheme","limits":{"allowedGPUModels":[]},"name":"aisp","shares":5}');
INSERT INTO audit_log VALUES(2,1764000014000,'ops','create-project','project llm',NULL,'{"budgets":[{"end":{"milliseconds":1771776000000},"gpuHours":5000,"rollover":false,"start":{"milliseconds":1764000000000}}],"displayName":"Large language models","limits":{"allowedGPUModels":[]},"memberShares":{},"members":["alice","bob"],"name":"llm","scheme":"aisp","shares":3}');
INSERT INTO audit_log VALUES(3,1764000021000,'ops','create-project','project vision',NULL,'{"budgets":[],"displayName":"","limits":{"allowedGPUModels":[]},"memberShares":{},"members":["bob"],"name":"vision","scheme":"aisp","shares":1}');
INSERT INTO audit_log VALUES(4,1764000028000,'ops','create-user','user alice',NULL,'{"defaultProject":"llm","name":"alice"}');
INSERT INTO audit_log VALUES(5,1764000035000,'ops','create-user','user bob',NULL,'{"defaultProject":"vision","name":"bob"}');
INSERT INTO audit_log VALUES(6,1764000056000,'ops','drain-node','node gpu-002','null','{"at":{"milliseconds":1764000056000},"by":"ops","reason":"NVLink errors on GPU 2","state":"DRAIN"}');
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE job_scripts (
    id INTEGER PRIMARY KEY,       -- the job id of the array's first task, or of the job itself
    text TEXT NOT NULL
);
INSERT INTO job_scripts VALUES(2,replace('#!/bin/sh\necho "eval of $RUN"\nexit 3\n','\n',char(10)));
INSERT INTO job_scripts VALUES(6,replace('#!/bin/sh\necho task $AISCHED_ARRAY_TASK_ID\n','\n',char(10)));
CREATE TABLE IF NOT EXISTS "tokens" (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user','admin','node','viewer')),
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    schemes TEXT NOT NULL DEFAULT '' CHECK ((role = 'viewer') = (schemes != ''))
);
INSERT INTO tokens VALUES('tok-alice','alice','user',1764000000,1800000000,NULL,'');
INSERT INTO tokens VALUES('tok-node','gpu-001','node',1764000000,1900000000,NULL,'');
INSERT INTO tokens VALUES('tok-old','bob','admin',1760000000,1800000000,1764000100,'');
INSERT INTO tokens VALUES('tok-funder','itf-auditor','viewer',1764000000,1800000000,NULL,'aisp,innohk');
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
INSERT INTO queue_samples VALUES(1764006175000,0,1,2,0,4,0,0);
INSERT INTO queue_samples VALUES(1764006235000,0,1,2,0,4,0,0);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('job_transitions',20);
INSERT INTO sqlite_sequence VALUES('usage_ledger',13);
INSERT INTO sqlite_sequence VALUES('audit_log',6);
CREATE INDEX jobs_by_state ON jobs(state);
CREATE INDEX jobs_by_user ON jobs(user, id);
CREATE INDEX job_transitions_by_job ON job_transitions(job_id, seq);
CREATE INDEX usage_ledger_by_project ON usage_ledger(project, to_ms);
CREATE INDEX audit_log_by_subject ON audit_log(subject, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX jobs_by_script ON jobs(script_id) WHERE script_id IS NOT NULL;
CREATE TRIGGER jobs_free_script AFTER DELETE ON jobs
    WHEN OLD.script_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM jobs WHERE script_id = OLD.script_id)
    BEGIN DELETE FROM job_scripts WHERE id = OLD.script_id; END;
CREATE INDEX usage_ledger_by_job ON usage_ledger(job_id, from_ms);
CREATE INDEX usage_ledger_by_end ON usage_ledger(to_ms);
CREATE TRIGGER usage_ledger_rows_only_grow BEFORE UPDATE ON usage_ledger
    WHEN NEW.seq != OLD.seq OR NEW.job_id != OLD.job_id OR NEW.project != OLD.project
        OR NEW.user != OLD.user OR NEW.qos != OLD.qos OR NEW.from_ms != OLD.from_ms
        OR NEW.rate != OLD.rate OR NEW.multiplier != OLD.multiplier
        OR NEW.counts_against_budget != OLD.counts_against_budget
        OR NEW.to_ms < OLD.to_ms OR NEW.gpu_hours < OLD.gpu_hours
    BEGIN SELECT RAISE(ABORT, 'a usage ledger row may only grow'); END;
CREATE INDEX jobs_live ON jobs(id) WHERE retired = 0;
CREATE INDEX jobs_by_user_end ON jobs(user, ifnull(end_time, 9223372036854775807));
CREATE INDEX jobs_by_end ON jobs(ifnull(end_time, 9223372036854775807));
CREATE INDEX jobs_by_project ON jobs(project, id);
CREATE INDEX jobs_retired_by_submit ON jobs(submit_time) WHERE retired = 1;
COMMIT;
