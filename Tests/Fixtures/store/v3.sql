PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
INSERT INTO grdb_migrations VALUES('v1-jobs-nodes-users');
INSERT INTO grdb_migrations VALUES('v2-accounting-audit');
INSERT INTO grdb_migrations VALUES('v3-shared-scripts');
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
, script_id INTEGER REFERENCES job_scripts(id));
INSERT INTO jobs VALUES(1,'alice','llm','train','COMPLETED',1764000049000,1764000049000,1764005533000,0,'{"activeNodes":[],"allocation":{"nodes":[{"cpus":[0,1,2,3],"gpus":[0,1],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"endTime":{"milliseconds":1764005533000},"exitCode":0,"held":false,"history":[],"id":1,"notes":["gpu-001: cgroup v2"],"reason":"Exit code 0","runs":1,"signal":0,"spec":{"argv":["python","train.py","--lr","3e-4"],"environment":["OMP_NUM_THREADS=4","RUN=train"],"hold":false,"name":"train","project":"llm","qos":"normal","request":{"cpusPerNode":4,"exclusive":false,"gpusPerNode":2,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000049000},"startedNodes":["gpu-001"],"state":"COMPLETED","stderrPath":"\/home\/alice\/aisched-1.out","stdoutPath":"\/home\/alice\/aisched-1.out","submitTime":{"milliseconds":1764000049000}}',NULL);
INSERT INTO jobs VALUES(2,'bob','vision','eval','FAILED',1764000056000,1764000056000,1764005540000,3,'{"activeNodes":[],"allocation":{"nodes":[{"cpus":[4,5],"gpus":[2],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"endTime":{"milliseconds":1764005540000},"exitCode":3,"held":false,"history":[],"id":2,"notes":["gpu-001: cgroup v2"],"reason":"Exit code 3 on gpu-001","runs":1,"signal":0,"spec":{"argv":[],"environment":["OMP_NUM_THREADS=2","RUN=eval"],"hold":false,"name":"eval","project":"vision","qos":"normal","request":{"cpusPerNode":2,"exclusive":false,"gpusPerNode":1,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"bob","workdir":"\/home\/bob"},"startTime":{"milliseconds":1764000056000},"startedNodes":["gpu-001"],"state":"FAILED","stderrPath":"\/home\/bob\/aisched-2.out","stdoutPath":"\/home\/bob\/aisched-2.out","submitTime":{"milliseconds":1764000056000}}',2);
INSERT INTO jobs VALUES(3,'alice','llm','big','RUNNING',1764000063000,1764005540000,NULL,NULL,'{"activeNodes":["gpu-001"],"allocation":{"nodes":[{"cpus":[0,1,2,3,4,5,6,7],"gpus":[0,1,2,3],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"held":false,"history":[],"id":3,"notes":[],"reason":"Allocated gpu-001","runs":1,"signal":0,"spec":{"argv":["torchrun","big.py"],"environment":["OMP_NUM_THREADS=8","RUN=big"],"hold":false,"name":"big","project":"llm","qos":"normal","request":{"cpusPerNode":8,"exclusive":false,"gpusPerNode":4,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764005540000},"startedNodes":[],"state":"RUNNING","stderrPath":"\/home\/alice\/aisched-3.out","stdoutPath":"\/home\/alice\/aisched-3.out","submitTime":{"milliseconds":1764000063000}}',NULL);
INSERT INTO jobs VALUES(4,'bob','vision','held','PENDING',1764000070000,NULL,NULL,NULL,'{"activeNodes":[],"held":true,"history":[],"id":4,"notes":[],"reason":"Held","signal":0,"spec":{"argv":["sleep","60"],"environment":["OMP_NUM_THREADS=1","RUN=held"],"hold":true,"name":"held","project":"vision","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"bob","workdir":"\/home\/bob"},"startedNodes":[],"state":"PENDING","stderrPath":"\/home\/bob\/aisched-4.out","stdoutPath":"\/home\/bob\/aisched-4.out","submitTime":{"milliseconds":1764000070000}}',NULL);
INSERT INTO jobs VALUES(5,'alice','llm','doomed','CANCELLED',1764000077000,1764000077000,1764005547000,NULL,'{"activeNodes":["gpu-001"],"allocation":{"nodes":[{"cpus":[8],"gpus":[],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"endTime":{"milliseconds":1764005547000},"held":false,"history":[],"id":5,"notes":["gpu-001: cgroup v2"],"reason":"Cancelled by alice","runs":1,"signal":0,"spec":{"argv":["sleep","600"],"environment":["OMP_NUM_THREADS=1","RUN=doomed"],"hold":false,"name":"doomed","project":"llm","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000077000},"startedNodes":["gpu-001"],"state":"CANCELLED","stderrPath":"\/home\/alice\/aisched-5.out","stdoutPath":"\/home\/alice\/aisched-5.out","submitTime":{"milliseconds":1764000077000}}',NULL);
INSERT INTO jobs VALUES(6,'alice','llm','sweep','COMPLETED',1764000084000,1764000084000,1764005554000,0,'{"activeNodes":[],"allocation":{"nodes":[{"cpus":[9],"gpus":[],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"arrayJobID":6,"arrayTaskID":0,"endTime":{"milliseconds":1764005554000},"exitCode":0,"held":false,"history":[],"id":6,"notes":["gpu-001: cgroup v2"],"reason":"Exit code 0","runs":1,"signal":0,"spec":{"argv":[],"array":"0-2","environment":["OMP_NUM_THREADS=1","RUN=sweep"],"hold":false,"name":"sweep","project":"llm","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000084000},"startedNodes":["gpu-001"],"state":"COMPLETED","stderrPath":"\/home\/alice\/aisched-6.out","stdoutPath":"\/home\/alice\/aisched-6.out","submitTime":{"milliseconds":1764000084000}}',6);
INSERT INTO jobs VALUES(7,'alice','llm','sweep','RUNNING',1764000084000,1764000084000,NULL,NULL,'{"activeNodes":["gpu-001"],"allocation":{"nodes":[{"cpus":[10],"gpus":[],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"arrayJobID":6,"arrayTaskID":1,"held":false,"history":[],"id":7,"notes":["gpu-001: cgroup v2"],"reason":"Allocated gpu-001","runs":1,"signal":0,"spec":{"argv":[],"array":"0-2","environment":["OMP_NUM_THREADS=1","RUN=sweep"],"hold":false,"name":"sweep","project":"llm","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000084000},"startedNodes":["gpu-001"],"state":"RUNNING","stderrPath":"\/home\/alice\/aisched-7.out","stdoutPath":"\/home\/alice\/aisched-7.out","submitTime":{"milliseconds":1764000084000}}',6);
INSERT INTO jobs VALUES(8,'alice','llm','sweep','RUNNING',1764000084000,1764000084000,NULL,NULL,'{"activeNodes":["gpu-001"],"allocation":{"nodes":[{"cpus":[11],"gpus":[],"memoryMB":4096,"node":"gpu-001","numaMemoryMB":[4096],"numaNodes":[0]}]},"arrayJobID":6,"arrayTaskID":2,"held":false,"history":[],"id":8,"notes":["gpu-001: cgroup v2"],"reason":"Allocated gpu-001","runs":1,"signal":0,"spec":{"argv":[],"array":"0-2","environment":["OMP_NUM_THREADS=1","RUN=sweep"],"hold":false,"name":"sweep","project":"llm","qos":"normal","request":{"cpusPerNode":1,"exclusive":false,"gpusPerNode":0,"memoryMBPerNode":4096,"nodes":1,"timeLimit":{"milliseconds":86400000}},"stderrPath":"","stdoutPath":"","user":"alice","workdir":"\/home\/alice"},"startTime":{"milliseconds":1764000084000},"startedNodes":["gpu-001"],"state":"RUNNING","stderrPath":"\/home\/alice\/aisched-8.out","stdoutPath":"\/home\/alice\/aisched-8.out","submitTime":{"milliseconds":1764000084000}}',6);
CREATE TABLE job_transitions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id INTEGER NOT NULL REFERENCES jobs(id),
    at INTEGER NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL
);
INSERT INTO job_transitions VALUES(1,1,1764000049000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(2,1,1764000049000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(3,2,1764000056000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(4,2,1764000056000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(5,3,1764000063000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(6,4,1764000070000,'PENDING','Held');
INSERT INTO job_transitions VALUES(7,5,1764000077000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(8,5,1764000077000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(9,6,1764000084000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(10,7,1764000084000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(11,8,1764000084000,'PENDING','Submitted');
INSERT INTO job_transitions VALUES(12,6,1764000084000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(13,7,1764000084000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(14,8,1764000084000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(15,1,1764005533000,'COMPLETED','Exit code 0');
INSERT INTO job_transitions VALUES(16,2,1764005540000,'FAILED','Exit code 3 on gpu-001');
INSERT INTO job_transitions VALUES(17,3,1764005540000,'RUNNING','Allocated gpu-001');
INSERT INTO job_transitions VALUES(18,5,1764005547000,'CANCELLED','Cancelled by alice');
INSERT INTO job_transitions VALUES(19,6,1764005554000,'COMPLETED','Exit code 0');
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
INSERT INTO nodes VALUES('gpu-001','UP','10.0.0.1',16,128000,4,1764000042000,'{"address":"10.0.0.1","name":"gpu-001","topology":{"cores":[{"cpus":[0],"numaDomain":0},{"cpus":[1],"numaDomain":0},{"cpus":[2],"numaDomain":0},{"cpus":[3],"numaDomain":0},{"cpus":[4],"numaDomain":0},{"cpus":[5],"numaDomain":0},{"cpus":[6],"numaDomain":0},{"cpus":[7],"numaDomain":0},{"cpus":[8],"numaDomain":0},{"cpus":[9],"numaDomain":0},{"cpus":[10],"numaDomain":0},{"cpus":[11],"numaDomain":0},{"cpus":[12],"numaDomain":0},{"cpus":[13],"numaDomain":0},{"cpus":[14],"numaDomain":0},{"cpus":[15],"numaDomain":0}],"gpus":[{"index":0,"memoryMB":0,"model":"H100","numaDomain":0},{"index":1,"memoryMB":0,"model":"H100","numaDomain":0},{"index":2,"memoryMB":0,"model":"H100","numaDomain":0},{"index":3,"memoryMB":0,"model":"H100","numaDomain":0}],"numaDomains":[{"distances":[],"id":0,"memoryMB":128000}]}}');
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
INSERT INTO usage_ledger VALUES(1,1,'llm','alice','normal',1764000049000,1764000156000,2.0,1.0,0.059444444444444445585,1);
INSERT INTO usage_ledger VALUES(2,2,'vision','bob','normal',1764000056000,1764000156000,1.0,1.0,0.027777777777777776235,1);
INSERT INTO usage_ledger VALUES(3,5,'llm','alice','normal',1764000077000,1764000156000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(4,6,'llm','alice','normal',1764000084000,1764000156000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(5,7,'llm','alice','normal',1764000084000,1764000156000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(6,8,'llm','alice','normal',1764000084000,1764000156000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(7,1,'llm','alice','normal',1764000156000,1764000186000,2.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(8,2,'vision','bob','normal',1764000156000,1764000186000,1.0,1.0,0.0083333333333333332176,1);
INSERT INTO usage_ledger VALUES(9,5,'llm','alice','normal',1764000156000,1764000186000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(10,6,'llm','alice','normal',1764000156000,1764000186000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(11,7,'llm','alice','normal',1764000156000,1764000186000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(12,8,'llm','alice','normal',1764000156000,1764000186000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(13,1,'llm','alice','normal',1764000186000,1764000246000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(14,2,'vision','bob','normal',1764000186000,1764000246000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(15,5,'llm','alice','normal',1764000186000,1764000246000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(16,6,'llm','alice','normal',1764000186000,1764000246000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(17,7,'llm','alice','normal',1764000186000,1764000246000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(18,8,'llm','alice','normal',1764000186000,1764000246000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(19,1,'llm','alice','normal',1764000246000,1764000306000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(20,2,'vision','bob','normal',1764000246000,1764000306000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(21,5,'llm','alice','normal',1764000246000,1764000306000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(22,6,'llm','alice','normal',1764000246000,1764000306000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(23,7,'llm','alice','normal',1764000246000,1764000306000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(24,8,'llm','alice','normal',1764000246000,1764000306000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(25,1,'llm','alice','normal',1764000306000,1764000366000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(26,2,'vision','bob','normal',1764000306000,1764000366000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(27,5,'llm','alice','normal',1764000306000,1764000366000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(28,6,'llm','alice','normal',1764000306000,1764000366000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(29,7,'llm','alice','normal',1764000306000,1764000366000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(30,8,'llm','alice','normal',1764000306000,1764000366000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(31,1,'llm','alice','normal',1764000366000,1764000426000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(32,2,'vision','bob','normal',1764000366000,1764000426000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(33,5,'llm','alice','normal',1764000366000,1764000426000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(34,6,'llm','alice','normal',1764000366000,1764000426000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(35,7,'llm','alice','normal',1764000366000,1764000426000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(36,8,'llm','alice','normal',1764000366000,1764000426000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(37,1,'llm','alice','normal',1764000426000,1764000486000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(38,2,'vision','bob','normal',1764000426000,1764000486000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(39,5,'llm','alice','normal',1764000426000,1764000486000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(40,6,'llm','alice','normal',1764000426000,1764000486000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(41,7,'llm','alice','normal',1764000426000,1764000486000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(42,8,'llm','alice','normal',1764000426000,1764000486000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(43,1,'llm','alice','normal',1764000486000,1764000546000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(44,2,'vision','bob','normal',1764000486000,1764000546000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(45,5,'llm','alice','normal',1764000486000,1764000546000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(46,6,'llm','alice','normal',1764000486000,1764000546000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(47,7,'llm','alice','normal',1764000486000,1764000546000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(48,8,'llm','alice','normal',1764000486000,1764000546000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(49,1,'llm','alice','normal',1764000546000,1764000606000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(50,2,'vision','bob','normal',1764000546000,1764000606000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(51,5,'llm','alice','normal',1764000546000,1764000606000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(52,6,'llm','alice','normal',1764000546000,1764000606000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(53,7,'llm','alice','normal',1764000546000,1764000606000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(54,8,'llm','alice','normal',1764000546000,1764000606000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(55,1,'llm','alice','normal',1764000606000,1764000666000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(56,2,'vision','bob','normal',1764000606000,1764000666000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(57,5,'llm','alice','normal',1764000606000,1764000666000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(58,6,'llm','alice','normal',1764000606000,1764000666000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(59,7,'llm','alice','normal',1764000606000,1764000666000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(60,8,'llm','alice','normal',1764000606000,1764000666000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(61,1,'llm','alice','normal',1764000666000,1764000726000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(62,2,'vision','bob','normal',1764000666000,1764000726000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(63,5,'llm','alice','normal',1764000666000,1764000726000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(64,6,'llm','alice','normal',1764000666000,1764000726000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(65,7,'llm','alice','normal',1764000666000,1764000726000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(66,8,'llm','alice','normal',1764000666000,1764000726000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(67,1,'llm','alice','normal',1764000726000,1764000786000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(68,2,'vision','bob','normal',1764000726000,1764000786000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(69,5,'llm','alice','normal',1764000726000,1764000786000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(70,6,'llm','alice','normal',1764000726000,1764000786000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(71,7,'llm','alice','normal',1764000726000,1764000786000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(72,8,'llm','alice','normal',1764000726000,1764000786000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(73,1,'llm','alice','normal',1764000786000,1764000846000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(74,2,'vision','bob','normal',1764000786000,1764000846000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(75,5,'llm','alice','normal',1764000786000,1764000846000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(76,6,'llm','alice','normal',1764000786000,1764000846000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(77,7,'llm','alice','normal',1764000786000,1764000846000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(78,8,'llm','alice','normal',1764000786000,1764000846000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(79,1,'llm','alice','normal',1764000846000,1764000906000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(80,2,'vision','bob','normal',1764000846000,1764000906000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(81,5,'llm','alice','normal',1764000846000,1764000906000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(82,6,'llm','alice','normal',1764000846000,1764000906000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(83,7,'llm','alice','normal',1764000846000,1764000906000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(84,8,'llm','alice','normal',1764000846000,1764000906000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(85,1,'llm','alice','normal',1764000906000,1764000966000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(86,2,'vision','bob','normal',1764000906000,1764000966000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(87,5,'llm','alice','normal',1764000906000,1764000966000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(88,6,'llm','alice','normal',1764000906000,1764000966000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(89,7,'llm','alice','normal',1764000906000,1764000966000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(90,8,'llm','alice','normal',1764000906000,1764000966000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(91,1,'llm','alice','normal',1764000966000,1764001026000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(92,2,'vision','bob','normal',1764000966000,1764001026000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(93,5,'llm','alice','normal',1764000966000,1764001026000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(94,6,'llm','alice','normal',1764000966000,1764001026000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(95,7,'llm','alice','normal',1764000966000,1764001026000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(96,8,'llm','alice','normal',1764000966000,1764001026000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(97,1,'llm','alice','normal',1764001026000,1764001086000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(98,2,'vision','bob','normal',1764001026000,1764001086000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(99,5,'llm','alice','normal',1764001026000,1764001086000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(100,6,'llm','alice','normal',1764001026000,1764001086000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(101,7,'llm','alice','normal',1764001026000,1764001086000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(102,8,'llm','alice','normal',1764001026000,1764001086000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(103,1,'llm','alice','normal',1764001086000,1764001146000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(104,2,'vision','bob','normal',1764001086000,1764001146000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(105,5,'llm','alice','normal',1764001086000,1764001146000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(106,6,'llm','alice','normal',1764001086000,1764001146000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(107,7,'llm','alice','normal',1764001086000,1764001146000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(108,8,'llm','alice','normal',1764001086000,1764001146000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(109,1,'llm','alice','normal',1764001146000,1764001206000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(110,2,'vision','bob','normal',1764001146000,1764001206000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(111,5,'llm','alice','normal',1764001146000,1764001206000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(112,6,'llm','alice','normal',1764001146000,1764001206000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(113,7,'llm','alice','normal',1764001146000,1764001206000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(114,8,'llm','alice','normal',1764001146000,1764001206000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(115,1,'llm','alice','normal',1764001206000,1764001266000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(116,2,'vision','bob','normal',1764001206000,1764001266000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(117,5,'llm','alice','normal',1764001206000,1764001266000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(118,6,'llm','alice','normal',1764001206000,1764001266000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(119,7,'llm','alice','normal',1764001206000,1764001266000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(120,8,'llm','alice','normal',1764001206000,1764001266000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(121,1,'llm','alice','normal',1764001266000,1764001326000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(122,2,'vision','bob','normal',1764001266000,1764001326000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(123,5,'llm','alice','normal',1764001266000,1764001326000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(124,6,'llm','alice','normal',1764001266000,1764001326000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(125,7,'llm','alice','normal',1764001266000,1764001326000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(126,8,'llm','alice','normal',1764001266000,1764001326000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(127,1,'llm','alice','normal',1764001326000,1764001386000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(128,2,'vision','bob','normal',1764001326000,1764001386000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(129,5,'llm','alice','normal',1764001326000,1764001386000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(130,6,'llm','alice','normal',1764001326000,1764001386000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(131,7,'llm','alice','normal',1764001326000,1764001386000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(132,8,'llm','alice','normal',1764001326000,1764001386000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(133,1,'llm','alice','normal',1764001386000,1764001446000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(134,2,'vision','bob','normal',1764001386000,1764001446000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(135,5,'llm','alice','normal',1764001386000,1764001446000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(136,6,'llm','alice','normal',1764001386000,1764001446000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(137,7,'llm','alice','normal',1764001386000,1764001446000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(138,8,'llm','alice','normal',1764001386000,1764001446000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(139,1,'llm','alice','normal',1764001446000,1764001506000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(140,2,'vision','bob','normal',1764001446000,1764001506000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(141,5,'llm','alice','normal',1764001446000,1764001506000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(142,6,'llm','alice','normal',1764001446000,1764001506000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(143,7,'llm','alice','normal',1764001446000,1764001506000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(144,8,'llm','alice','normal',1764001446000,1764001506000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(145,1,'llm','alice','normal',1764001506000,1764001566000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(146,2,'vision','bob','normal',1764001506000,1764001566000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(147,5,'llm','alice','normal',1764001506000,1764001566000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(148,6,'llm','alice','normal',1764001506000,1764001566000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(149,7,'llm','alice','normal',1764001506000,1764001566000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(150,8,'llm','alice','normal',1764001506000,1764001566000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(151,1,'llm','alice','normal',1764001566000,1764001626000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(152,2,'vision','bob','normal',1764001566000,1764001626000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(153,5,'llm','alice','normal',1764001566000,1764001626000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(154,6,'llm','alice','normal',1764001566000,1764001626000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(155,7,'llm','alice','normal',1764001566000,1764001626000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(156,8,'llm','alice','normal',1764001566000,1764001626000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(157,1,'llm','alice','normal',1764001626000,1764001686000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(158,2,'vision','bob','normal',1764001626000,1764001686000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(159,5,'llm','alice','normal',1764001626000,1764001686000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(160,6,'llm','alice','normal',1764001626000,1764001686000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(161,7,'llm','alice','normal',1764001626000,1764001686000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(162,8,'llm','alice','normal',1764001626000,1764001686000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(163,1,'llm','alice','normal',1764001686000,1764001746000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(164,2,'vision','bob','normal',1764001686000,1764001746000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(165,5,'llm','alice','normal',1764001686000,1764001746000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(166,6,'llm','alice','normal',1764001686000,1764001746000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(167,7,'llm','alice','normal',1764001686000,1764001746000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(168,8,'llm','alice','normal',1764001686000,1764001746000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(169,1,'llm','alice','normal',1764001746000,1764001806000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(170,2,'vision','bob','normal',1764001746000,1764001806000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(171,5,'llm','alice','normal',1764001746000,1764001806000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(172,6,'llm','alice','normal',1764001746000,1764001806000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(173,7,'llm','alice','normal',1764001746000,1764001806000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(174,8,'llm','alice','normal',1764001746000,1764001806000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(175,1,'llm','alice','normal',1764001806000,1764001866000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(176,2,'vision','bob','normal',1764001806000,1764001866000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(177,5,'llm','alice','normal',1764001806000,1764001866000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(178,6,'llm','alice','normal',1764001806000,1764001866000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(179,7,'llm','alice','normal',1764001806000,1764001866000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(180,8,'llm','alice','normal',1764001806000,1764001866000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(181,1,'llm','alice','normal',1764001866000,1764001926000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(182,2,'vision','bob','normal',1764001866000,1764001926000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(183,5,'llm','alice','normal',1764001866000,1764001926000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(184,6,'llm','alice','normal',1764001866000,1764001926000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(185,7,'llm','alice','normal',1764001866000,1764001926000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(186,8,'llm','alice','normal',1764001866000,1764001926000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(187,1,'llm','alice','normal',1764001926000,1764001986000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(188,2,'vision','bob','normal',1764001926000,1764001986000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(189,5,'llm','alice','normal',1764001926000,1764001986000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(190,6,'llm','alice','normal',1764001926000,1764001986000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(191,7,'llm','alice','normal',1764001926000,1764001986000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(192,8,'llm','alice','normal',1764001926000,1764001986000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(193,1,'llm','alice','normal',1764001986000,1764002046000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(194,2,'vision','bob','normal',1764001986000,1764002046000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(195,5,'llm','alice','normal',1764001986000,1764002046000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(196,6,'llm','alice','normal',1764001986000,1764002046000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(197,7,'llm','alice','normal',1764001986000,1764002046000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(198,8,'llm','alice','normal',1764001986000,1764002046000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(199,1,'llm','alice','normal',1764002046000,1764002106000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(200,2,'vision','bob','normal',1764002046000,1764002106000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(201,5,'llm','alice','normal',1764002046000,1764002106000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(202,6,'llm','alice','normal',1764002046000,1764002106000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(203,7,'llm','alice','normal',1764002046000,1764002106000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(204,8,'llm','alice','normal',1764002046000,1764002106000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(205,1,'llm','alice','normal',1764002106000,1764002166000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(206,2,'vision','bob','normal',1764002106000,1764002166000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(207,5,'llm','alice','normal',1764002106000,1764002166000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(208,6,'llm','alice','normal',1764002106000,1764002166000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(209,7,'llm','alice','normal',1764002106000,1764002166000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(210,8,'llm','alice','normal',1764002106000,1764002166000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(211,1,'llm','alice','normal',1764002166000,1764002226000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(212,2,'vision','bob','normal',1764002166000,1764002226000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(213,5,'llm','alice','normal',1764002166000,1764002226000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(214,6,'llm','alice','normal',1764002166000,1764002226000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(215,7,'llm','alice','normal',1764002166000,1764002226000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(216,8,'llm','alice','normal',1764002166000,1764002226000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(217,1,'llm','alice','normal',1764002226000,1764002286000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(218,2,'vision','bob','normal',1764002226000,1764002286000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(219,5,'llm','alice','normal',1764002226000,1764002286000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(220,6,'llm','alice','normal',1764002226000,1764002286000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(221,7,'llm','alice','normal',1764002226000,1764002286000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(222,8,'llm','alice','normal',1764002226000,1764002286000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(223,1,'llm','alice','normal',1764002286000,1764002346000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(224,2,'vision','bob','normal',1764002286000,1764002346000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(225,5,'llm','alice','normal',1764002286000,1764002346000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(226,6,'llm','alice','normal',1764002286000,1764002346000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(227,7,'llm','alice','normal',1764002286000,1764002346000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(228,8,'llm','alice','normal',1764002286000,1764002346000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(229,1,'llm','alice','normal',1764002346000,1764002406000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(230,2,'vision','bob','normal',1764002346000,1764002406000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(231,5,'llm','alice','normal',1764002346000,1764002406000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(232,6,'llm','alice','normal',1764002346000,1764002406000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(233,7,'llm','alice','normal',1764002346000,1764002406000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(234,8,'llm','alice','normal',1764002346000,1764002406000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(235,1,'llm','alice','normal',1764002406000,1764002466000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(236,2,'vision','bob','normal',1764002406000,1764002466000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(237,5,'llm','alice','normal',1764002406000,1764002466000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(238,6,'llm','alice','normal',1764002406000,1764002466000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(239,7,'llm','alice','normal',1764002406000,1764002466000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(240,8,'llm','alice','normal',1764002406000,1764002466000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(241,1,'llm','alice','normal',1764002466000,1764002526000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(242,2,'vision','bob','normal',1764002466000,1764002526000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(243,5,'llm','alice','normal',1764002466000,1764002526000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(244,6,'llm','alice','normal',1764002466000,1764002526000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(245,7,'llm','alice','normal',1764002466000,1764002526000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(246,8,'llm','alice','normal',1764002466000,1764002526000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(247,1,'llm','alice','normal',1764002526000,1764002586000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(248,2,'vision','bob','normal',1764002526000,1764002586000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(249,5,'llm','alice','normal',1764002526000,1764002586000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(250,6,'llm','alice','normal',1764002526000,1764002586000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(251,7,'llm','alice','normal',1764002526000,1764002586000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(252,8,'llm','alice','normal',1764002526000,1764002586000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(253,1,'llm','alice','normal',1764002586000,1764002646000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(254,2,'vision','bob','normal',1764002586000,1764002646000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(255,5,'llm','alice','normal',1764002586000,1764002646000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(256,6,'llm','alice','normal',1764002586000,1764002646000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(257,7,'llm','alice','normal',1764002586000,1764002646000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(258,8,'llm','alice','normal',1764002586000,1764002646000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(259,1,'llm','alice','normal',1764002646000,1764002706000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(260,2,'vision','bob','normal',1764002646000,1764002706000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(261,5,'llm','alice','normal',1764002646000,1764002706000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(262,6,'llm','alice','normal',1764002646000,1764002706000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(263,7,'llm','alice','normal',1764002646000,1764002706000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(264,8,'llm','alice','normal',1764002646000,1764002706000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(265,1,'llm','alice','normal',1764002706000,1764002766000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(266,2,'vision','bob','normal',1764002706000,1764002766000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(267,5,'llm','alice','normal',1764002706000,1764002766000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(268,6,'llm','alice','normal',1764002706000,1764002766000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(269,7,'llm','alice','normal',1764002706000,1764002766000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(270,8,'llm','alice','normal',1764002706000,1764002766000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(271,1,'llm','alice','normal',1764002766000,1764002826000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(272,2,'vision','bob','normal',1764002766000,1764002826000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(273,5,'llm','alice','normal',1764002766000,1764002826000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(274,6,'llm','alice','normal',1764002766000,1764002826000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(275,7,'llm','alice','normal',1764002766000,1764002826000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(276,8,'llm','alice','normal',1764002766000,1764002826000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(277,1,'llm','alice','normal',1764002826000,1764002886000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(278,2,'vision','bob','normal',1764002826000,1764002886000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(279,5,'llm','alice','normal',1764002826000,1764002886000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(280,6,'llm','alice','normal',1764002826000,1764002886000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(281,7,'llm','alice','normal',1764002826000,1764002886000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(282,8,'llm','alice','normal',1764002826000,1764002886000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(283,1,'llm','alice','normal',1764002886000,1764002946000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(284,2,'vision','bob','normal',1764002886000,1764002946000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(285,5,'llm','alice','normal',1764002886000,1764002946000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(286,6,'llm','alice','normal',1764002886000,1764002946000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(287,7,'llm','alice','normal',1764002886000,1764002946000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(288,8,'llm','alice','normal',1764002886000,1764002946000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(289,1,'llm','alice','normal',1764002946000,1764003006000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(290,2,'vision','bob','normal',1764002946000,1764003006000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(291,5,'llm','alice','normal',1764002946000,1764003006000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(292,6,'llm','alice','normal',1764002946000,1764003006000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(293,7,'llm','alice','normal',1764002946000,1764003006000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(294,8,'llm','alice','normal',1764002946000,1764003006000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(295,1,'llm','alice','normal',1764003006000,1764003066000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(296,2,'vision','bob','normal',1764003006000,1764003066000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(297,5,'llm','alice','normal',1764003006000,1764003066000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(298,6,'llm','alice','normal',1764003006000,1764003066000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(299,7,'llm','alice','normal',1764003006000,1764003066000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(300,8,'llm','alice','normal',1764003006000,1764003066000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(301,1,'llm','alice','normal',1764003066000,1764003126000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(302,2,'vision','bob','normal',1764003066000,1764003126000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(303,5,'llm','alice','normal',1764003066000,1764003126000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(304,6,'llm','alice','normal',1764003066000,1764003126000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(305,7,'llm','alice','normal',1764003066000,1764003126000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(306,8,'llm','alice','normal',1764003066000,1764003126000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(307,1,'llm','alice','normal',1764003126000,1764003186000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(308,2,'vision','bob','normal',1764003126000,1764003186000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(309,5,'llm','alice','normal',1764003126000,1764003186000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(310,6,'llm','alice','normal',1764003126000,1764003186000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(311,7,'llm','alice','normal',1764003126000,1764003186000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(312,8,'llm','alice','normal',1764003126000,1764003186000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(313,1,'llm','alice','normal',1764003186000,1764003246000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(314,2,'vision','bob','normal',1764003186000,1764003246000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(315,5,'llm','alice','normal',1764003186000,1764003246000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(316,6,'llm','alice','normal',1764003186000,1764003246000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(317,7,'llm','alice','normal',1764003186000,1764003246000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(318,8,'llm','alice','normal',1764003186000,1764003246000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(319,1,'llm','alice','normal',1764003246000,1764003306000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(320,2,'vision','bob','normal',1764003246000,1764003306000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(321,5,'llm','alice','normal',1764003246000,1764003306000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(322,6,'llm','alice','normal',1764003246000,1764003306000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(323,7,'llm','alice','normal',1764003246000,1764003306000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(324,8,'llm','alice','normal',1764003246000,1764003306000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(325,1,'llm','alice','normal',1764003306000,1764003366000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(326,2,'vision','bob','normal',1764003306000,1764003366000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(327,5,'llm','alice','normal',1764003306000,1764003366000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(328,6,'llm','alice','normal',1764003306000,1764003366000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(329,7,'llm','alice','normal',1764003306000,1764003366000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(330,8,'llm','alice','normal',1764003306000,1764003366000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(331,1,'llm','alice','normal',1764003366000,1764003426000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(332,2,'vision','bob','normal',1764003366000,1764003426000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(333,5,'llm','alice','normal',1764003366000,1764003426000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(334,6,'llm','alice','normal',1764003366000,1764003426000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(335,7,'llm','alice','normal',1764003366000,1764003426000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(336,8,'llm','alice','normal',1764003366000,1764003426000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(337,1,'llm','alice','normal',1764003426000,1764003486000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(338,2,'vision','bob','normal',1764003426000,1764003486000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(339,5,'llm','alice','normal',1764003426000,1764003486000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(340,6,'llm','alice','normal',1764003426000,1764003486000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(341,7,'llm','alice','normal',1764003426000,1764003486000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(342,8,'llm','alice','normal',1764003426000,1764003486000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(343,1,'llm','alice','normal',1764003486000,1764003546000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(344,2,'vision','bob','normal',1764003486000,1764003546000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(345,5,'llm','alice','normal',1764003486000,1764003546000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(346,6,'llm','alice','normal',1764003486000,1764003546000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(347,7,'llm','alice','normal',1764003486000,1764003546000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(348,8,'llm','alice','normal',1764003486000,1764003546000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(349,1,'llm','alice','normal',1764003546000,1764003606000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(350,2,'vision','bob','normal',1764003546000,1764003606000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(351,5,'llm','alice','normal',1764003546000,1764003606000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(352,6,'llm','alice','normal',1764003546000,1764003606000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(353,7,'llm','alice','normal',1764003546000,1764003606000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(354,8,'llm','alice','normal',1764003546000,1764003606000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(355,1,'llm','alice','normal',1764003606000,1764003666000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(356,2,'vision','bob','normal',1764003606000,1764003666000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(357,5,'llm','alice','normal',1764003606000,1764003666000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(358,6,'llm','alice','normal',1764003606000,1764003666000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(359,7,'llm','alice','normal',1764003606000,1764003666000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(360,8,'llm','alice','normal',1764003606000,1764003666000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(361,1,'llm','alice','normal',1764003666000,1764003726000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(362,2,'vision','bob','normal',1764003666000,1764003726000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(363,5,'llm','alice','normal',1764003666000,1764003726000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(364,6,'llm','alice','normal',1764003666000,1764003726000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(365,7,'llm','alice','normal',1764003666000,1764003726000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(366,8,'llm','alice','normal',1764003666000,1764003726000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(367,1,'llm','alice','normal',1764003726000,1764003786000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(368,2,'vision','bob','normal',1764003726000,1764003786000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(369,5,'llm','alice','normal',1764003726000,1764003786000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(370,6,'llm','alice','normal',1764003726000,1764003786000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(371,7,'llm','alice','normal',1764003726000,1764003786000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(372,8,'llm','alice','normal',1764003726000,1764003786000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(373,1,'llm','alice','normal',1764003786000,1764003846000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(374,2,'vision','bob','normal',1764003786000,1764003846000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(375,5,'llm','alice','normal',1764003786000,1764003846000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(376,6,'llm','alice','normal',1764003786000,1764003846000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(377,7,'llm','alice','normal',1764003786000,1764003846000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(378,8,'llm','alice','normal',1764003786000,1764003846000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(379,1,'llm','alice','normal',1764003846000,1764003906000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(380,2,'vision','bob','normal',1764003846000,1764003906000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(381,5,'llm','alice','normal',1764003846000,1764003906000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(382,6,'llm','alice','normal',1764003846000,1764003906000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(383,7,'llm','alice','normal',1764003846000,1764003906000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(384,8,'llm','alice','normal',1764003846000,1764003906000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(385,1,'llm','alice','normal',1764003906000,1764003966000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(386,2,'vision','bob','normal',1764003906000,1764003966000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(387,5,'llm','alice','normal',1764003906000,1764003966000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(388,6,'llm','alice','normal',1764003906000,1764003966000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(389,7,'llm','alice','normal',1764003906000,1764003966000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(390,8,'llm','alice','normal',1764003906000,1764003966000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(391,1,'llm','alice','normal',1764003966000,1764004026000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(392,2,'vision','bob','normal',1764003966000,1764004026000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(393,5,'llm','alice','normal',1764003966000,1764004026000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(394,6,'llm','alice','normal',1764003966000,1764004026000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(395,7,'llm','alice','normal',1764003966000,1764004026000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(396,8,'llm','alice','normal',1764003966000,1764004026000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(397,1,'llm','alice','normal',1764004026000,1764004086000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(398,2,'vision','bob','normal',1764004026000,1764004086000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(399,5,'llm','alice','normal',1764004026000,1764004086000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(400,6,'llm','alice','normal',1764004026000,1764004086000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(401,7,'llm','alice','normal',1764004026000,1764004086000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(402,8,'llm','alice','normal',1764004026000,1764004086000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(403,1,'llm','alice','normal',1764004086000,1764004146000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(404,2,'vision','bob','normal',1764004086000,1764004146000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(405,5,'llm','alice','normal',1764004086000,1764004146000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(406,6,'llm','alice','normal',1764004086000,1764004146000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(407,7,'llm','alice','normal',1764004086000,1764004146000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(408,8,'llm','alice','normal',1764004086000,1764004146000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(409,1,'llm','alice','normal',1764004146000,1764004206000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(410,2,'vision','bob','normal',1764004146000,1764004206000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(411,5,'llm','alice','normal',1764004146000,1764004206000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(412,6,'llm','alice','normal',1764004146000,1764004206000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(413,7,'llm','alice','normal',1764004146000,1764004206000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(414,8,'llm','alice','normal',1764004146000,1764004206000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(415,1,'llm','alice','normal',1764004206000,1764004266000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(416,2,'vision','bob','normal',1764004206000,1764004266000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(417,5,'llm','alice','normal',1764004206000,1764004266000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(418,6,'llm','alice','normal',1764004206000,1764004266000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(419,7,'llm','alice','normal',1764004206000,1764004266000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(420,8,'llm','alice','normal',1764004206000,1764004266000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(421,1,'llm','alice','normal',1764004266000,1764004326000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(422,2,'vision','bob','normal',1764004266000,1764004326000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(423,5,'llm','alice','normal',1764004266000,1764004326000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(424,6,'llm','alice','normal',1764004266000,1764004326000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(425,7,'llm','alice','normal',1764004266000,1764004326000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(426,8,'llm','alice','normal',1764004266000,1764004326000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(427,1,'llm','alice','normal',1764004326000,1764004386000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(428,2,'vision','bob','normal',1764004326000,1764004386000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(429,5,'llm','alice','normal',1764004326000,1764004386000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(430,6,'llm','alice','normal',1764004326000,1764004386000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(431,7,'llm','alice','normal',1764004326000,1764004386000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(432,8,'llm','alice','normal',1764004326000,1764004386000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(433,1,'llm','alice','normal',1764004386000,1764004446000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(434,2,'vision','bob','normal',1764004386000,1764004446000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(435,5,'llm','alice','normal',1764004386000,1764004446000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(436,6,'llm','alice','normal',1764004386000,1764004446000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(437,7,'llm','alice','normal',1764004386000,1764004446000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(438,8,'llm','alice','normal',1764004386000,1764004446000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(439,1,'llm','alice','normal',1764004446000,1764004506000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(440,2,'vision','bob','normal',1764004446000,1764004506000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(441,5,'llm','alice','normal',1764004446000,1764004506000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(442,6,'llm','alice','normal',1764004446000,1764004506000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(443,7,'llm','alice','normal',1764004446000,1764004506000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(444,8,'llm','alice','normal',1764004446000,1764004506000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(445,1,'llm','alice','normal',1764004506000,1764004566000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(446,2,'vision','bob','normal',1764004506000,1764004566000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(447,5,'llm','alice','normal',1764004506000,1764004566000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(448,6,'llm','alice','normal',1764004506000,1764004566000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(449,7,'llm','alice','normal',1764004506000,1764004566000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(450,8,'llm','alice','normal',1764004506000,1764004566000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(451,1,'llm','alice','normal',1764004566000,1764004626000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(452,2,'vision','bob','normal',1764004566000,1764004626000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(453,5,'llm','alice','normal',1764004566000,1764004626000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(454,6,'llm','alice','normal',1764004566000,1764004626000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(455,7,'llm','alice','normal',1764004566000,1764004626000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(456,8,'llm','alice','normal',1764004566000,1764004626000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(457,1,'llm','alice','normal',1764004626000,1764004686000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(458,2,'vision','bob','normal',1764004626000,1764004686000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(459,5,'llm','alice','normal',1764004626000,1764004686000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(460,6,'llm','alice','normal',1764004626000,1764004686000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(461,7,'llm','alice','normal',1764004626000,1764004686000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(462,8,'llm','alice','normal',1764004626000,1764004686000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(463,1,'llm','alice','normal',1764004686000,1764004746000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(464,2,'vision','bob','normal',1764004686000,1764004746000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(465,5,'llm','alice','normal',1764004686000,1764004746000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(466,6,'llm','alice','normal',1764004686000,1764004746000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(467,7,'llm','alice','normal',1764004686000,1764004746000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(468,8,'llm','alice','normal',1764004686000,1764004746000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(469,1,'llm','alice','normal',1764004746000,1764004806000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(470,2,'vision','bob','normal',1764004746000,1764004806000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(471,5,'llm','alice','normal',1764004746000,1764004806000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(472,6,'llm','alice','normal',1764004746000,1764004806000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(473,7,'llm','alice','normal',1764004746000,1764004806000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(474,8,'llm','alice','normal',1764004746000,1764004806000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(475,1,'llm','alice','normal',1764004806000,1764004866000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(476,2,'vision','bob','normal',1764004806000,1764004866000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(477,5,'llm','alice','normal',1764004806000,1764004866000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(478,6,'llm','alice','normal',1764004806000,1764004866000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(479,7,'llm','alice','normal',1764004806000,1764004866000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(480,8,'llm','alice','normal',1764004806000,1764004866000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(481,1,'llm','alice','normal',1764004866000,1764004926000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(482,2,'vision','bob','normal',1764004866000,1764004926000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(483,5,'llm','alice','normal',1764004866000,1764004926000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(484,6,'llm','alice','normal',1764004866000,1764004926000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(485,7,'llm','alice','normal',1764004866000,1764004926000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(486,8,'llm','alice','normal',1764004866000,1764004926000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(487,1,'llm','alice','normal',1764004926000,1764004986000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(488,2,'vision','bob','normal',1764004926000,1764004986000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(489,5,'llm','alice','normal',1764004926000,1764004986000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(490,6,'llm','alice','normal',1764004926000,1764004986000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(491,7,'llm','alice','normal',1764004926000,1764004986000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(492,8,'llm','alice','normal',1764004926000,1764004986000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(493,1,'llm','alice','normal',1764004986000,1764005046000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(494,2,'vision','bob','normal',1764004986000,1764005046000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(495,5,'llm','alice','normal',1764004986000,1764005046000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(496,6,'llm','alice','normal',1764004986000,1764005046000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(497,7,'llm','alice','normal',1764004986000,1764005046000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(498,8,'llm','alice','normal',1764004986000,1764005046000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(499,1,'llm','alice','normal',1764005046000,1764005106000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(500,2,'vision','bob','normal',1764005046000,1764005106000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(501,5,'llm','alice','normal',1764005046000,1764005106000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(502,6,'llm','alice','normal',1764005046000,1764005106000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(503,7,'llm','alice','normal',1764005046000,1764005106000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(504,8,'llm','alice','normal',1764005046000,1764005106000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(505,1,'llm','alice','normal',1764005106000,1764005166000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(506,2,'vision','bob','normal',1764005106000,1764005166000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(507,5,'llm','alice','normal',1764005106000,1764005166000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(508,6,'llm','alice','normal',1764005106000,1764005166000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(509,7,'llm','alice','normal',1764005106000,1764005166000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(510,8,'llm','alice','normal',1764005106000,1764005166000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(511,1,'llm','alice','normal',1764005166000,1764005226000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(512,2,'vision','bob','normal',1764005166000,1764005226000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(513,5,'llm','alice','normal',1764005166000,1764005226000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(514,6,'llm','alice','normal',1764005166000,1764005226000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(515,7,'llm','alice','normal',1764005166000,1764005226000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(516,8,'llm','alice','normal',1764005166000,1764005226000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(517,1,'llm','alice','normal',1764005226000,1764005286000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(518,2,'vision','bob','normal',1764005226000,1764005286000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(519,5,'llm','alice','normal',1764005226000,1764005286000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(520,6,'llm','alice','normal',1764005226000,1764005286000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(521,7,'llm','alice','normal',1764005226000,1764005286000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(522,8,'llm','alice','normal',1764005226000,1764005286000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(523,1,'llm','alice','normal',1764005286000,1764005346000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(524,2,'vision','bob','normal',1764005286000,1764005346000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(525,5,'llm','alice','normal',1764005286000,1764005346000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(526,6,'llm','alice','normal',1764005286000,1764005346000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(527,7,'llm','alice','normal',1764005286000,1764005346000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(528,8,'llm','alice','normal',1764005286000,1764005346000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(529,1,'llm','alice','normal',1764005346000,1764005406000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(530,2,'vision','bob','normal',1764005346000,1764005406000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(531,5,'llm','alice','normal',1764005346000,1764005406000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(532,6,'llm','alice','normal',1764005346000,1764005406000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(533,7,'llm','alice','normal',1764005346000,1764005406000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(534,8,'llm','alice','normal',1764005346000,1764005406000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(535,1,'llm','alice','normal',1764005406000,1764005466000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(536,2,'vision','bob','normal',1764005406000,1764005466000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(537,5,'llm','alice','normal',1764005406000,1764005466000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(538,6,'llm','alice','normal',1764005406000,1764005466000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(539,7,'llm','alice','normal',1764005406000,1764005466000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(540,8,'llm','alice','normal',1764005406000,1764005466000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(541,1,'llm','alice','normal',1764005466000,1764005526000,2.0,1.0,0.03333333333333333287,1);
INSERT INTO usage_ledger VALUES(542,2,'vision','bob','normal',1764005466000,1764005526000,1.0,1.0,0.016666666666666666435,1);
INSERT INTO usage_ledger VALUES(543,5,'llm','alice','normal',1764005466000,1764005526000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(544,6,'llm','alice','normal',1764005466000,1764005526000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(545,7,'llm','alice','normal',1764005466000,1764005526000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(546,8,'llm','alice','normal',1764005466000,1764005526000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(547,1,'llm','alice','normal',1764005526000,1764005533000,2.0,1.0,0.003888888888888888777,1);
INSERT INTO usage_ledger VALUES(548,2,'vision','bob','normal',1764005526000,1764005540000,1.0,1.0,0.003888888888888888777,1);
INSERT INTO usage_ledger VALUES(549,5,'llm','alice','normal',1764005526000,1764005547000,0.0,1.0,0.0,1);
INSERT INTO usage_ledger VALUES(550,6,'llm','alice','normal',1764005526000,1764005554000,0.0,1.0,0.0,1);
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
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('job_transitions',19);
INSERT INTO sqlite_sequence VALUES('usage_ledger',550);
INSERT INTO sqlite_sequence VALUES('audit_log',5);
CREATE INDEX jobs_by_state ON jobs(state);
CREATE INDEX jobs_by_user ON jobs(user, id);
CREATE INDEX job_transitions_by_job ON job_transitions(job_id, seq);
CREATE INDEX usage_ledger_by_project ON usage_ledger(project, to_ms);
CREATE INDEX audit_log_by_subject ON audit_log(subject, seq);
CREATE TRIGGER usage_ledger_no_update BEFORE UPDATE ON usage_ledger
    BEGIN SELECT RAISE(ABORT, 'the usage ledger is append-only'); END;
CREATE TRIGGER usage_ledger_no_delete BEFORE DELETE ON usage_ledger
    BEGIN SELECT RAISE(ABORT, 'the usage ledger is append-only'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX jobs_by_script ON jobs(script_id) WHERE script_id IS NOT NULL;
CREATE TRIGGER jobs_free_script AFTER DELETE ON jobs
    WHEN OLD.script_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM jobs WHERE script_id = OLD.script_id)
    BEGIN DELETE FROM job_scripts WHERE id = OLD.script_id; END;
COMMIT;
