package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of /proc's CPU times: Linux reports them in USER_HZ,
// 100 a second on every architecture it runs on.
const userHZ = 100

// serverCPU is the CPU time of the process pid and of its children, live
// and ended, from /proc: for a PostgreSQL server, its postmaster and the
// backends, whose CPU is the database's share of a save. 0 when pid is 0.
func serverCPU(pid int) (time.Duration, error) {
	if pid == 0 {
		return 0, nil
	}
	f, err := procStat(pid)
	if err != nil {
		return 0, fmt.Errorf("the server's CPU: %w", err)
	}
	ticks := f.utime + f.stime + f.cutime + f.cstime
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	for _, p := range procs {
		child, err := strconv.Atoi(p.Name())
		if err != nil {
			continue
		}
		if c, err := procStat(child); err == nil && c.ppid == pid {
			ticks += c.utime + c.stime // an ended child's time is in cutime above
		}
	}
	return time.Duration(ticks) * time.Second / userHZ, nil
}

// procFields are the fields of /proc/PID/stat that serverCPU reads.
type procFields struct {
	ppid                         int
	utime, stime, cutime, cstime int64
}

func procStat(pid int) (procFields, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procFields{}, err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 15 {
		return procFields{}, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(fields))
	}
	num := func(i int) int64 { // i is the field's number in proc(5)
		n, _ := strconv.ParseInt(fields[i-3], 10, 64)
		return n
	}
	return procFields{ppid: int(num(4)), utime: num(14), stime: num(15), cutime: num(16), cstime: num(17)}, nil
}
