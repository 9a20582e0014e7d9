#!/usr/bin/env bash
# Single-host Slurm (Debian bookworm: 22.05.8) on loopback only, as a measured performance anchor.
# Idempotent: installs if missing, (re)writes config, starts daemons only if the PIDs it recorded
# are not alive (otherwise `scontrol reconfigure`). Records the PIDs it started in $SB_DIR/pids/
# so that teardown.sh (or stop.sh) stops exactly those, by PID.
#
# Overridable (defaults = the standard layout):
#   SB_DIR=/var/lib/slurm-bench   state, spool, pids, logs, env file
#   SB_CONF=/etc/slurm            where slurm.conf + gres.conf (+ slurmdbd.conf) are written
#   SB_CTLD_PORT=6817 SB_SLURMD_PORT=6818 SB_DBD_PORT=6819
#   SB_SCHED_PARAMS=              SchedulerParameters; empty = Slurm defaults (batch_sched_delay=3s).
#                                 "tuned" profile used in RESULTS.md: batch_sched_delay=0,sched_min_interval=0
#   SB_NODES=1                    1: the real host is the only node (CPUs/memory from `slurmd -C`, 8 fake GPUs).
#                                 N>1: N emulated nodes n001..nNNN, one slurmd each (`slurmd -N nXXX`), all on
#                                 127.0.0.1 with ports SB_SLURMD_PORT..+N-1. Needs a build with
#                                 MULTIPLE_SLURMD (Debian's has it: `scontrol show config | grep MULTIPLE`).
#   SB_NODE_CPUS=64 SB_NODE_MEM=515000 (MB)   size of each emulated node (SlurmdParameters=config_overrides)
#   SB_MAX_JOBS=300000           MaxJobCount (listing is measured with 100,000 jobs queued)
#   SB_GPUS=8                     GPUs per node (gres.conf File= on fake char devices /dev/fakegpu*)
#   SB_ACCT=none|dbd              dbd: also install mariadb-server + slurmdbd, run a private mariadbd
#                                 (127.0.0.1:SB_DB_PORT=3307) and slurmdbd on 127.0.0.1, so that sacct/sshare
#                                 and the age/fairshare priority factors work.
# Changing SB_NODES or SB_ACCT needs a fresh start:  teardown.sh --purge && setup.sh
# Clients must use the same config:  . $SB_DIR/env   (exports SLURM_CONF)
set -euo pipefail
D=${SB_DIR:-/var/lib/slurm-bench}
C=${SB_CONF:-/etc/slurm}
CP=${SB_CTLD_PORT:-6817}
DP=${SB_SLURMD_PORT:-6818}
BP=${SB_DBD_PORT:-6819}
SP=${SB_SCHED_PARAMS:-}
N=${SB_NODES:-1}
G=${SB_GPUS:-8}
ACCT=${SB_ACCT:-none}
mkdir -p "$D/state" "$D/spool" "$D/pids" "$D/log" "$C"

export DEBIAN_FRONTEND=noninteractive
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get install -y -qq slurm-wlm munge >/dev/null
fi
if [ "$ACCT" = dbd ] && { ! command -v slurmdbd >/dev/null || ! command -v mariadbd >/dev/null; }; then
  # policy-rc.d: keep the package's own mariadb service from starting; we run a private instance.
  prc=/usr/sbin/policy-rc.d; mine=0
  [ -e $prc ] || { printf '#!/bin/sh\nexit 101\n' > $prc; chmod +x $prc; mine=1; }
  apt-get install -y -qq mariadb-server slurmdbd >/dev/null
  [ $mine = 1 ] && rm -f $prc
fi

H=$(hostname -s)
# The controller/node address is loopback only; the hostname must resolve to 127.0.0.1 so that
# CommunicationParameters=NoInAddrAny,NoCtldInAddrAny makes every daemon bind to 127.0.0.1 (not 0.0.0.0).
getent hosts "$H" | grep -q '^127\.' || echo "127.0.0.1 $H" >> /etc/hosts

# Fake GPUs: character devices with /dev/null's numbers (1,3); fall back to count-only GRES.
GFILE="File=/dev/fakegpu[0-$((G-1))]"
for i in $(seq 0 $((G-1))); do
  [ -e /dev/fakegpu$i ] || mknod /dev/fakegpu$i c 1 3 2>/dev/null || { GFILE="Count=$G"; break; }
done

if [ "$N" -le 1 ]; then
  # Real hardware as slurmd sees it.
  HW=$(slurmd -C | head -1)
  CPUS=$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$HW")
  MEM=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$HW")
  NODES=$H
  NODELINE="NodeName=$H NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM Gres=gpu:$G State=UNKNOWN"
  SLURMD_FILES="SlurmdSpoolDir=$D/spool
SlurmdPidFile=$D/slurmd.pid
SlurmdLogFile=$D/log/slurmd.log"
  NODELIST=()
else
  last=$(printf '%03d' "$N")
  NODES="n[001-$last]"
  NODELINE="NodeName=$NODES NodeHostname=$H NodeAddr=127.0.0.1 Port=[$DP-$((DP + N - 1))] CPUs=${SB_NODE_CPUS:-64} RealMemory=${SB_NODE_MEM:-515000} Gres=gpu:$G State=UNKNOWN"
  SLURMD_FILES="SlurmdParameters=config_overrides
SlurmdSpoolDir=$D/spool/%n
SlurmdPidFile=$D/slurmd.%n.pid
SlurmdLogFile=$D/log/slurmd.%n.log"
  mapfile -t NODELIST < <(seq -f 'n%03g' 1 "$N")
fi

if [ "$ACCT" = dbd ]; then
  ACCTLINES="AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=127.0.0.1
AccountingStoragePort=$BP
AccountingStorageEnforce=associations
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=0
# Priority factors (age and fair-share need slurmdbd).
PriorityWeightAge=1000
PriorityWeightFairshare=10000
PriorityWeightJobSize=1000
PriorityWeightPartition=1000
PriorityWeightQOS=1000
PriorityWeightTRES=GRES/gpu=2000
PriorityMaxAge=1-0
PriorityDecayHalfLife=7-0"
else
  ACCTLINES="AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none"
fi

cat > "$C/slurm.conf.new" <<CONF
ClusterName=bench
SlurmctldHost=$H(127.0.0.1)
SlurmctldPort=$CP
SlurmdPort=$DP
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$D/state
SlurmctldPidFile=$D/slurmctld.pid
SlurmctldLogFile=$D/log/slurmctld.log
$SLURMD_FILES
SlurmctldDebug=info
SlurmdDebug=error
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
${SP:+SchedulerParameters=$SP}
PriorityType=priority/multifactor
GresTypes=gpu
MaxJobCount=${SB_MAX_JOBS:-300000}
MaxArraySize=100000
ReturnToService=2
JobCompType=jobcomp/none
$ACCTLINES
MpiDefault=none
MailProg=/bin/true
# Without DefMemPerCPU a job gets the whole node's memory under CR_Core_Memory -> 1 job at a time.
DefMemPerCPU=1024
$NODELINE
PartitionName=main Nodes=$NODES Default=YES MaxTime=INFINITE State=UP
CONF
mv "$C/slurm.conf.new" "$C/slurm.conf"
if [ "$N" -le 1 ]; then echo "Name=gpu $GFILE" > "$C/gres.conf"
else echo "NodeName=$NODES Name=gpu $GFILE" > "$C/gres.conf"; fi
echo "export SLURM_CONF=$C/slurm.conf" > "$D/env"
export SLURM_CONF=$C/slurm.conf

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
# $1 = name recorded in $D/pids, $2 = daemon's own pid file, $3 = word its cmdline must contain.
# A daemon already running from this layout but not recorded by us is reused, never restarted.
running() { alive "$D/pids/$1" || { alive "$2" && grep -q "$3" /proc/$(cat "$2")/cmdline; }; }
waitpid() { for i in $(seq 100); do [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && return 0; sleep 0.1; done; return 1; }

# munge: reuse a running munged (e.g. the system one); otherwise create a key and start one.
if ! [ -S /run/munge/munge.socket.2 ] || ! munge -n </dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge
  [ -s /etc/munge/munge.key ] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
  chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge; chmod 400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged --force
  waitpid /run/munge/munged.pid
  cp /run/munge/munged.pid "$D/pids/munged"      # started by us -> teardown.sh may stop it
fi
munge -n </dev/null | unmunge >/dev/null

if [ "$ACCT" = dbd ]; then
  # Private mariadbd: own datadir and socket, TCP on 127.0.0.1:SB_DB_PORT only, root via unix_socket auth.
  M=$D/mysql; S=$D/mysqld.sock; QP=${SB_DB_PORT:-3307}
  if ! running mariadbd "$D/mysqld.pid" mariadbd; then
    if [ ! -d "$M/mysql" ]; then
      mkdir -p "$M"; chown mysql:mysql "$M"
      mariadb-install-db --user=mysql --datadir="$M" --auth-root-authentication-method=socket >/dev/null
    fi
    mkdir -p "$D/log"; touch "$D/log/mariadb.log"; chown mysql:mysql "$D/log/mariadb.log"
    nohup /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$M" --socket="$S" \
      --bind-address=127.0.0.1 --port="$QP" --skip-name-resolve \
      --pid-file="$D/mysqld.pid" --log-error="$D/log/mariadb.log" \
      --innodb-buffer-pool-size=256M --innodb-lock-wait-timeout=900 >/dev/null 2>&1 &
    waitpid "$D/mysqld.pid"; cp "$D/mysqld.pid" "$D/pids/mariadbd"
    for i in $(seq 100); do mariadb --socket="$S" -e 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  mariadb --socket="$S" -e "CREATE DATABASE IF NOT EXISTS slurm_acct_db;
    CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY 'bench-loopback-only';
    GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"
  umask 077
  cat > "$C/slurmdbd.conf" <<CONF
AuthType=auth/munge
DbdHost=$H
DbdAddr=127.0.0.1
DbdPort=$BP
SlurmUser=root
PidFile=$D/slurmdbd.pid
LogFile=$D/log/slurmdbd.log
DebugLevel=info
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$QP
StorageLoc=slurm_acct_db
StorageUser=slurm
StoragePass=bench-loopback-only
CONF
  umask 022
  chmod 600 "$C/slurmdbd.conf"
  # slurmdbd reads slurmdbd.conf from the directory of SLURM_CONF.
  if ! running slurmdbd "$D/slurmdbd.pid" slurmdbd; then
    /usr/sbin/slurmdbd
    waitpid "$D/slurmdbd.pid"; cp "$D/slurmdbd.pid" "$D/pids/slurmdbd"
    for i in $(seq 100); do sacctmgr -n -i list cluster >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  sacctmgr -n list cluster format=cluster | grep -qw bench || sacctmgr -i add cluster bench >/dev/null
  sacctmgr -n list account format=account | grep -qw research || {
    sacctmgr -i add account research Description=bench Organization=bench >/dev/null
    sacctmgr -i add account infer Description=bench Organization=bench >/dev/null
  }
  sacctmgr -n list user format=user | grep -qw root || true
  sacctmgr -i add user root account=research DefaultAccount=research >/dev/null 2>&1 || true
  sacctmgr -i add user root account=infer >/dev/null 2>&1 || true
fi

# slurmctld: -f explicit config. It daemonizes and writes its own pid file.
if ! running slurmctld "$D/slurmctld.pid" slurmctld; then
  /usr/sbin/slurmctld -f "$C/slurm.conf" -i
  waitpid "$D/slurmctld.pid"; cp "$D/slurmctld.pid" "$D/pids/slurmctld"
  for i in $(seq 100); do scontrol ping >/dev/null 2>&1 && break; sleep 0.1; done
else
  scontrol reconfigure || true
fi
# slurmd: one for the real host, or one per emulated node (`slurmd -N nXXX`).
if [ "$N" -le 1 ]; then
  if ! running slurmd "$D/slurmd.pid" slurmd; then
    /usr/sbin/slurmd -f "$C/slurm.conf"
    waitpid "$D/slurmd.pid"; cp "$D/slurmd.pid" "$D/pids/slurmd"
  fi
else
  for n in "${NODELIST[@]}"; do
    running "slurmd.$n" "$D/slurmd.$n.pid" slurmd && continue
    mkdir -p "$D/spool/$n"
    /usr/sbin/slurmd -f "$C/slurm.conf" -N "$n"
  done
  for n in "${NODELIST[@]}"; do
    [ -f "$D/pids/slurmd.$n" ] && alive "$D/pids/slurmd.$n" && continue
    waitpid "$D/slurmd.$n.pid" && cp "$D/slurmd.$n.pid" "$D/pids/slurmd.$n"
  done
fi

want=$([ "$N" -le 1 ] && echo 1 || echo "$N")
for i in $(seq 120); do
  [ "$(sinfo -h -N -o %T 2>/dev/null | grep -cxE '(idle|mixed|allocated)')" -ge "$want" ] && break; sleep 0.5
done
sinfo
sinfo -h -N -o '%N %T' | awk '{print $2}' | sort | uniq -c | sed 's/^/  nodes: /'
scontrol show node "${NODELIST[0]:-$H}" | grep -E 'State=|Gres=|CfgTRES'
echo "Recorded as ours in $D/pids: $(ls $D/pids | sed 's/^slurmd\.n.*/slurmd.nXXX/' | sort | uniq -c | tr -s ' \n' ' ')"
echo "munged: $( [ -f $D/pids/munged ] && echo "started by setup.sh ($(cat $D/pids/munged))" || echo 'pre-existing, not ours')"
echo "Use: . $D/env"
