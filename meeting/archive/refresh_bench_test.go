package archive

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkRefresh measures the no-op Refresh every command pays before
// answering. By default it is a synthetic archive of GAVEL_BENCH_DIRS
// (default 2000) empty date directories; GAVEL_BENCH_ARCHIVE=<dir>
// measures a real archive instead (use a copy: its index is written, and
// GAVEL_BENCH_DIRS empty date directories are added to it under
// "zz-bench-*" channels, e.g. to bring a 2×10^4 archive to 10^5 scale):
//
//	cp -a /tmp/gavel-bench-actions/archive /tmp/gavel-bench-refresh/
//	GAVEL_BENCH_ARCHIVE=/tmp/gavel-bench-refresh/archive GAVEL_BENCH_DIRS=0 \
//	    go test ./meeting/archive -run '^$' -bench Refresh
func BenchmarkRefresh(b *testing.B) {
	dir := os.Getenv("GAVEL_BENCH_ARCHIVE")
	extra := 2000
	if dir != "" {
		extra = 0
	} else {
		dir = filepath.Join(b.TempDir(), "archive")
	}
	if s := os.Getenv("GAVEL_BENCH_DIRS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			b.Fatalf("GAVEL_BENCH_DIRS=%q", s)
		}
		extra = v
	}
	addDateDirs(b, dir, extra)
	a, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	// The first Refresh records what is new (or walks everything when
	// the index is new); the ones measured have nothing to do.
	if _, err := a.Refresh(b.Context()); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := a.db.QueryRow(`SELECT count(*) FROM dir_kids`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d parent directories recorded", n)
	user0, sys0 := cpuTimes()
	t0 := time.Now()
	for b.Loop() {
		st, err := a.Refresh(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		if st.Dirs != 0 {
			b.Fatalf("no-op refresh read %d directories", st.Dirs)
		}
	}
	user1, sys1 := cpuTimes()
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(per(time.Since(t0)), "ms/refresh")
	b.ReportMetric(per(user1-user0+sys1-sys0), "cpu-ms/refresh")
}

// addDateDirs adds n empty date directories to the archive at dir, 1000
// to a channel, as a zodbot layout of n more days would have.
func addDateDirs(b *testing.B, dir string, n int) {
	day := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("zz-bench-%03d", i/1000), day.AddDate(0, 0, i%1000).Format("2006-01-02"))
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
	}
}
