package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting/importer/synth"
)

// BenchmarkMinutesProcess runs `gavel minutes --format all --out DIR` on
// the generated 200,000-line benchmark log as a whole process: start-up,
// reading, folding, rendering the six formats and writing them durably.
// The target (#10) is 0.15 s wall per op. It also reports the process's
// CPU time (user+system, all threads) and its peak RSS; on a shared
// machine the CPU time says more than the wall time, and the median wall
// time (med-ms/op) more than the mean, which one slow run moves.
func BenchmarkMinutesProcess(b *testing.B) {
	dir := b.TempDir()
	bin := buildGavel(b)
	log := filepath.Join(dir, "bench.2026-01-01-10.00.log.txt")
	f, err := os.Create(log)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := synth.MeetBotLog(w, 200_000, 1); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	var cpu time.Duration
	var rss int64
	var walls []time.Duration
	n := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		out := filepath.Join(dir, "out")
		os.RemoveAll(out)
		cmd := exec.Command(bin, "minutes", "--format", "all", "--out", out, log)
		b.StartTimer()
		t0 := time.Now()
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("gavel minutes: %v\n%s", err, msg)
		}
		walls = append(walls, time.Since(t0))
		st := cmd.ProcessState
		cpu += st.UserTime() + st.SystemTime()
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			rss = max(rss, ru.Maxrss)
		}
		n++
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(rss)/1024, "maxrss-MB")
	slices.Sort(walls)
	b.ReportMetric(float64(walls[len(walls)/2].Microseconds())/1000, "med-ms/op")
}
