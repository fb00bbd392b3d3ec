package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestOneShotMemory: without GOGC or GOMEMLIMIT, a one-shot run turns
// the proportional collector off under a memory limit; with either set,
// the user's setting is left alone.
func TestOneShotMemory(t *testing.T) {
	restore := func(pct int, limit int64) {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(limit)
	}
	pct, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	defer restore(pct, limit)
	for _, tc := range []struct {
		gogc, memlimit string
		tuned          bool
	}{
		{"", "", true},
		{"200", "", false},
		{"", "1GiB", false},
	} {
		restore(100, math.MaxInt64)
		t.Setenv("GOGC", tc.gogc)
		t.Setenv("GOMEMLIMIT", tc.memlimit)
		oneShotMemory()
		gotPct, gotLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
		if tc.tuned {
			if gotPct != -1 || gotLimit <= 0 || gotLimit > 4<<30 {
				t.Errorf("GOGC=%q GOMEMLIMIT=%q: percent %d, limit %d; want -1 and a limit up to 4 GiB", tc.gogc, tc.memlimit, gotPct, gotLimit)
			}
			if total := physicalMemory(); total > 0 && gotLimit != min(total/4, 4<<30) {
				t.Errorf("limit %d, want a quarter of %d (at most 4 GiB)", gotLimit, total)
			}
		} else if gotPct != 100 || gotLimit != math.MaxInt64 {
			t.Errorf("GOGC=%q GOMEMLIMIT=%q: percent %d, limit %d; want them untouched", tc.gogc, tc.memlimit, gotPct, gotLimit)
		}
	}
}
