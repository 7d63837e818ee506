# Stores that cannot be used: each a clear message and exit 2, never a crash.
S=examples/checkins/strategy.bsc
echo "-- missing"
"$BSCC" score $S --store missing.db; echo "exit: $?"
"$BSCC" checkin --store missing.db --history; echo "exit: $?"
echo "-- a directory, a FIFO, a device"
mkdir dir.db; "$BSCC" checkin $S --store dir.db margin 12% --period 2025-Q1; echo "exit: $?"
mkfifo fifo.db; "$BSCC" checkin $S --store fifo.db margin 12% --period 2025-Q1; echo "exit: $?"
"$BSCC" score $S --store /dev/zero; echo "exit: $?"
echo "-- garbage bytes"
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "%c", 33 + (i * 7919) % 90 }' > garbage.db
"$BSCC" checkin $S --store garbage.db margin 12% --period 2025-Q1; echo "exit: $?"
"$BSCC" score $S --store garbage.db; echo "exit: $?"
echo "-- a truncated store"
"$BSCC" checkin $S --store t.db --csv examples/checkins/week.csv > /dev/null
head -c 5000 t.db > cut.db; "$BSCC" score $S --store cut.db; echo "exit: $?"
echo "-- an empty file, another program's database"
: > empty.db; "$BSCC" score $S --store empty.db; echo "exit: $?"
sqlite3 other.db "CREATE TABLE orders (id INTEGER)"; "$BSCC" checkin $S --store other.db margin 12% --period 2025-Q1; echo "exit: $?"
echo "-- a newer schema"
cp t.db new.db; sqlite3 new.db "UPDATE schema_version SET version = 2"
"$BSCC" checkin $S --store new.db margin 12% --period 2025-Q1; echo "exit: $?"
"$BSCC" score $S --store new.db; echo "exit: $?"
echo "-- append-only, even for sqlite3"
sqlite3 t.db "DELETE FROM checkin" 2>&1; sqlite3 t.db "UPDATE checkin SET value = 0" 2>&1; sqlite3 t.db "SELECT count(*) FROM checkin"
echo "-- locked (BSCC_STORE_TIMEOUT_MS=300)"
python3 -c "
import sqlite3, time, sys
c = sqlite3.connect('t.db', isolation_level=None)
c.execute('BEGIN EXCLUSIVE')
open('locked', 'w').close()
time.sleep(3)
" &
while [ ! -f locked ]; do sleep 0.05; done
"$BSCC" checkin $S --store t.db margin 12% --period 2025-Q1; echo "exit: $?"
wait
"$BSCC" checkin $S --store t.db margin 12% --period 2025-Q1; echo "exit: $?"
echo "-- read-only"
cp t.db ro.db; chmod 444 ro.db
if [ "$(id -u)" = 0 ]; then AS="runuser -u nobody --"; else AS=; fi
$AS "$BSCC" checkin $S --store ro.db margin 12% --period 2025-Q2; echo "exit: $?"
$AS "$BSCC" score $S --store ro.db > /dev/null; echo "exit: $?"
echo "-- a server that is not there: the password is never shown"
"$BSCC" score $S --store "postgresql://bscc:secret@127.0.0.1:1/db?connect_timeout=2&password=hunter2"; echo "exit: $?"
"$BSCC" checkin $S --store "host=127.0.0.1 port=1 password=hunter2 connect_timeout=2" margin 12% --period 2025-Q1; echo "exit: $?"
