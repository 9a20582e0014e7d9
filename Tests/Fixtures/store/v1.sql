PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1-jobs-nodes-users');
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
INSERT INTO jobs VALUES(1,'alice','llm','train','COMPLETED',1764000014000,1764000014000,1764000063000,0,'{"activeNodes":[],"allocation":{"nodes":[{"cpus":[0,1,2,3],"gpus":[0,1],"memoryMB":4096,"node":"gpu-001","numaNodes":[]}]},"endTime":{"milliseconds":1764000063000},"exitCode":0,"held":false,"history":[],"id":1,"notes":["gpu-001: cgroup v2"],"reason":"Exit code 0","signal":0,"spec":{"argv":["python","train.py","--lr","3e-4"],"environment":["OMP_NUM_THREADS=4","RUN=train"],"hold":false,"name":"train","project":"llm","qos":"","request":{"cpusPerNode":4,"exclusive":false,"gpusPerNode":2,"memoryMBPerNode":4096,"nodes":1},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000014000},"startedNodes":["gpu-001"],"state":"COMPLETED","stderrPath":"\/home\/alice\/aisched-1.out","stdoutPath":"\/home\/alice\/aisched-1.out","submitTime":{"milliseconds":1764000014000}}');
INSERT INTO jobs VALUES(2,'bob','llm','eval','FAILED',1764000021000,1764000021000,1764000070000,3,'{"activeNodes":[],"allocation":{"nodes":[{"cpus":[4,5],"gpus":[2],"memoryMB":4096,"node":"gpu-001","numaNodes":[]}]},"endTime":{"milliseconds":1764000070000},"exitCode":3,"held":false,"history":[],"id":2,"notes":["gpu-001: cgroup v2"],"reason":"Exit code 3 on gpu-001","signal":0,"spec":{"argv":[],"environment":["OMP_NUM_THREADS=2","RUN=eval"],"hold":false,"name":"eval","project":"llm","qos":"","request":{"cpusPerNode":2,"exclusive":false,"gpusPerNode":1,"memoryMBPerNode":4096,"nodes":1},"script":"#!\/bin\/sh\necho \"eval of $RUN\"\nexit 3\n","stderrPath":"","stdoutPath":"","user":"bob","workdir":"\/home\/bob"},"startTime":{"milliseconds":1764000021000},"startedNodes":["gpu-001"],"state":"FAILED","stderrPath":"\/home\/bob\/aisched-2.out","stdoutPath":"\/home\/bob\/aisched-2.out","submitTime":{"milliseconds":1764000021000}}');
INSERT INTO jobs VALUES(3,'alice','llm','big','RUNNING',1764000028000,1764000070000,NULL,NULL,'{"activeNodes":["gpu-001"],"allocation":{"nodes":[{"cpus":[0,1,2,3,4,5,6,7],"gpus":[0,1,2,3],"memoryMB":4096,"node":"gpu-001","numaNodes":[]}]},"held":false,"history":[],"id":3,"notes":[],"reason":"Allocated gpu-001","signal":0,"spec":{"argv":["torchrun","big.py"],"environment":["OMP_NUM_THREADS=8","RUN=big"],"hold":false,"name":"big","project":"llm","qos":"","request":{"cpusPerNode":8,"exclusive":false,"gpusPerNode":4,"memoryMBPerNode":4096,"nodes":1},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000070000},"startedNodes":[],"state":"RUNNING","stderrPath":"\/home\/alice\/aisched-3.out","stdoutPath":"\/home\/alice\/aisched-3.out","submitTime":{"milliseconds":1764000028000}}');
INSERT INTO jobs VALUES(4,'bob','llm','held','PENDING',1764000035000,NULL,NULL,NULL,'{"activeNodes":[],"held":true,"history":[],"id":4,"notes":[],"reason":"Held","signal":0,"spec":{"argv":["sleep","60"],"environment":["OMP_NUM_THREADS=1","RUN=held"],"hold":true,"name":"held","project":"llm","qos":"","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1},"stderrPath":"","stdoutPath":"","user":"bob","workdir":"\/home\/bob"},"startedNodes":[],"state":"PENDING","stderrPath":"\/home\/bob\/aisched-4.out","stdoutPath":"\/home\/bob\/aisched-4.out","submitTime":{"milliseconds":1764000035000}}');
INSERT INTO jobs VALUES(5,'alice','llm','doomed','CANCELLED',1764000042000,1764000070000,1764000077000,NULL,'{"activeNodes":["gpu-001"],"allocation":{"nodes":[{"cpus":[8],"gpus":[],"memoryMB":4096,"node":"gpu-001","numaNodes":[]}]},"endTime":{"milliseconds":1764000077000},"held":false,"history":[],"id":5,"notes":[],"reason":"Cancelled by alice","signal":0,"spec":{"argv":["sleep","600"],"environment":["OMP_NUM_THREADS=1","RUN=doomed"],"hold":false,"name":"doomed","project":"llm","qos":"","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000070000},"startedNodes":[],"state":"CANCELLED","stderrPath":"\/home\/alice\/aisched-5.out","stdoutPath":"\/home\/alice\/aisched-5.out","submitTime":{"milliseconds":1764000042000}}');
CREATE TABLE job_transitions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    at INTEGER NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL
);
INSERT INTO job_transitions VALUES(1,1,1764000014000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(2,1,1764000014000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(3,2,1764000021000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(4,2,1764000021000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(5,3,1764000028000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(6,4,1764000035000,'PENDING','Held');
INSERT INTO job_transitions VALUES(7,5,1764000042000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(8,1,1764000063000,'COMPLETED','Exit code 0');
INSERT INTO job_transitions VALUES(9,2,1764000070000,'FAILED','Exit code 3 on gpu-001');
INSERT INTO job_transitions VALUES(10,3,1764000070000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(11,5,1764000070000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(12,5,1764000077000,'CANCELLED','Cancelled by alice');
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
INSERT INTO nodes VALUES('gpu-001','UP','10.0.0.1',16,128000,4,1764000007000,'{"address":"10.0.0.1","cpuIDs":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],"gpuIndices":[0,1,2,3],"gpuModel":"H100","memoryMB":128000,"name":"gpu-001","topologyJSON":""}');
CREATE TABLE funding_schemes (
    name TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    shares INTEGER NOT NULL CHECK (shares > 0)
);
INSERT INTO funding_schemes VALUES('aisp','AI Subsidy Scheme',5);
CREATE TABLE projects (
    name TEXT PRIMARY KEY,
    scheme TEXT NOT NULL REFERENCES funding_schemes(name),
    display_name TEXT NOT NULL,
    shares INTEGER NOT NULL CHECK (shares > 0)
);
INSERT INTO projects VALUES('llm','aisp','Large language models',3);
CREATE TABLE users (
    name TEXT PRIMARY KEY,
    default_project TEXT NOT NULL
);
INSERT INTO users VALUES('alice','llm');
INSERT INTO users VALUES('bob','llm');
CREATE TABLE project_members (
    project TEXT NOT NULL REFERENCES projects(name),
    user TEXT NOT NULL,
    PRIMARY KEY (project, user)
);
INSERT INTO project_members VALUES('llm','alice');
INSERT INTO project_members VALUES('llm','bob');
CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    user TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user','admin','node')),
    issued_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
);
INSERT INTO tokens VALUES('tok-alice','alice','user',1764000000,1800000000,NULL);
INSERT INTO tokens VALUES('tok-node','gpu-001','node',1764000000,1900000000,NULL);
INSERT INTO tokens VALUES('tok-old','bob','admin',1760000000,1800000000,1764000100);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('job_transitions',12);
CREATE INDEX jobs_by_state ON jobs(state);
CREATE INDEX jobs_by_user ON jobs(user, id);
CREATE INDEX job_transitions_by_job ON job_transitions(job_id, seq);
COMMIT;
