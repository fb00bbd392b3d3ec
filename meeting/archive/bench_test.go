package archive

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting/importer"
)

// The scale benchmark imports GAVEL_BENCH_MEETINGS generated meetings
// (default 300; the target figure is 20000) of 150–600 lines, 10–40
// speakers, topics, votes and actions each, then measures full-text
// queries. Run it once:
//
//	GAVEL_BENCH_MEETINGS=20000 GAVEL_BENCH_DIR=/tmp/gavel-bench \
//	    go test ./meeting/archive -run '^$' -bench Scale -benchtime 1x -timeout 2h
//
// With GAVEL_BENCH_DIR the logs and the archive are kept there (and
// reused by a later run, and by tui/review's first-frame benchmark);
// otherwise a temporary directory is used.
func BenchmarkScale(b *testing.B) {
	n := 300
	if s := os.Getenv("GAVEL_BENCH_MEETINGS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			b.Fatalf("GAVEL_BENCH_MEETINGS=%q", s)
		}
		n = v
	}
	root := os.Getenv("GAVEL_BENCH_DIR")
	if root == "" {
		root = b.TempDir()
	}
	logs := filepath.Join(root, "logs")
	archDir := filepath.Join(root, "archive")
	for b.Loop() {
		genBenchLogs(b, logs, n)
		a, err := Open(archDir)
		if err != nil {
			b.Fatal(err)
		}
		var have int
		a.db.QueryRow(`SELECT count(*) FROM meetings`).Scan(&have)
		if have < n-n/100 { // (same-minute meetings of a channel may share files)
			t0 := time.Now()
			st, err := a.Import(b.Context(), []string{logs}, ImportOptions{})
			if err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			b.ReportMetric(d.Seconds(), "import-s")
			b.ReportMetric(float64(st.Meetings)/d.Seconds(), "meetings/s")
			b.Logf("imported %d files, %d meetings in %v (%d errors); index %+v", st.Files, st.Meetings, d.Round(time.Millisecond), len(st.Errors), *st.Index)
		}
		var lines int64
		a.db.QueryRow(`SELECT count(*) FROM lines_fts`).Scan(&lines)
		b.ReportMetric(float64(a.IndexSize())/(1<<20), "index-MB")
		b.ReportMetric(float64(lines), "lines")

		// Update with nothing to do: the incremental scan's cost.
		t0 := time.Now()
		u, err := a.Update(b.Context(), nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(t0).Seconds()*1000, "noop-update-ms")
		if u.Added+u.Changed != 0 {
			b.Fatalf("no-op update indexed: %+v", u)
		}

		queries := []string{
			"release", "blocker", `"merge the"`, "upstream AND freeze", "sched*", "python OR golang",
			`NEAR(deploy staging, 4)`, "proposal", "alice", "unobtainium", "milestone NOT beta", `"security updates"`,
			"vote", "cloud template", "docs", "pending review",
		}
		var lat []time.Duration
		for round := range 10 {
			for _, q := range queries {
				t := time.Now()
				hits, err := a.Search(b.Context(), q, 100)
				if err != nil {
					b.Fatalf("%q: %v", q, err)
				}
				lat = append(lat, time.Since(t))
				if round == 0 && q == "release" && len(hits) == 0 {
					b.Fatal("no hits for release")
				}
			}
		}
		slices.Sort(lat)
		p := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
		b.ReportMetric(p(0.50), "search-p50-ms")
		b.ReportMetric(p(0.95), "search-p95-ms")
		b.ReportMetric(p(1), "search-max-ms")

		t0 = time.Now()
		if _, err := a.Meetings(b.Context(), MeetingFilter{Limit: 200}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "list-ms")
		a.Close()
	}
}

// genBenchLogs writes n generated logs under dir (once: an existing,
// complete directory is reused).
func genBenchLogs(b *testing.B, dir string, n int) {
	marker := filepath.Join(dir, ".complete-"+strconv.Itoa(n))
	if _, err := os.Stat(marker); err == nil {
		return
	}
	os.RemoveAll(dir)
	chans := []string{"fedora-meeting", "fedora-meeting-1", "openstack-meeting", "openstack-meeting-alt",
		"debian-dpl", "tor-meeting", "ubuntu-meeting", "cockpit", "heat", "fedora-qa", "fedora-docs", "kernelci"}
	r := rand.New(rand.NewPCG(1, 2))
	var buf bytes.Buffer
	for i := range n {
		buf.Reset()
		lines := 150 + r.IntN(451)
		if err := importer.GenerateMeetBotLog(&buf, lines, int64(i)); err != nil {
			b.Fatal(err)
		}
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				b.Fatal(err)
			}
		}
		p := filepath.Join(sub, fmt.Sprintf("%s.%d.log.txt", chans[r.IntN(len(chans))], i))
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	os.WriteFile(marker, nil, 0o644)
}
