package archive

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting/importer/synth"
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
			user0, sys0 := cpuTimes()
			st, err := a.Import(b.Context(), []string{logs}, ImportOptions{})
			if err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			user1, sys1 := cpuTimes()
			metric(b, d.Seconds(), "import-s")
			metric(b, float64(st.Meetings)/d.Seconds(), "meetings/s")
			perMeeting := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(max(st.Meetings, 1)) }
			metric(b, perMeeting(user1-user0+sys1-sys0), "import-cpu-ms/meeting")
			metric(b, perMeeting(sys1-sys0), "import-sys-ms/meeting")
			b.Logf("imported %d files, %d meetings in %v (%d errors); index %+v", st.Files, st.Meetings, d.Round(time.Millisecond), len(st.Errors), *st.Index)
			// Searching the index as the import leaves it (gavel import
			// does not optimize).
			report(b, "search-imported", searchLatencies(b, a))
		}
		// The same logs again: nothing is read again nor written (each log
		// is known by its size, mtime and the import options).
		t0 := time.Now()
		st, err := a.Import(b.Context(), []string{logs}, ImportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		metric(b, time.Since(t0).Seconds(), "reimport-s")
		if st.Unread != st.Files || st.Index.Added+st.Index.Changed != 0 || st.Meetings < n-n/100 {
			b.Fatalf("re-import of the same logs: %d of %d logs read again, %d meetings, index %+v", st.Files-st.Unread, st.Files, st.Meetings, *st.Index)
		}
		a.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		files := archiveFilesSize(b, archDir)
		metric(b, float64(a.IndexSize())/(1<<20), "index-MB")
		metric(b, float64(files)/(1<<20), "files-MB")
		metric(b, 100*float64(a.IndexSize())/float64(files), "index-%")
		// Merged into one segment per table and vacuumed (gavel index
		// --rebuild does this).
		t0 = time.Now()
		if err := a.Optimize(b.Context()); err != nil {
			b.Fatal(err)
		}
		metric(b, time.Since(t0).Seconds(), "optimize-s")
		metric(b, 100*float64(a.IndexSize())/float64(files), "index-optimized-%")

		// Refresh with nothing to do: the cost every command pays first.
		t0 = time.Now()
		u, err := a.Refresh(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		metric(b, time.Since(t0).Seconds()*1000, "refresh-ms")
		if u.Added+u.Changed != 0 {
			b.Fatalf("no-op refresh indexed: %+v", u)
		}

		report(b, "search", searchLatencies(b, a))

		// gavel search as a whole process (open, refresh, rank, read the
		// files of the top meetings, print), and rg -l over the same files.
		bin := buildBenchGavel(b)
		words := []string{"unobtainium", "blocker", "schedule", "template", "staging", "python"}
		// rg reads every file for every word; at 10^5 meetings (~10 GB)
		// that is minutes a word when the files do not fit the page cache.
		// GAVEL_BENCH_RG_WORDS=N compares on the first N words only.
		rgWords := len(words)
		if s := os.Getenv("GAVEL_BENCH_RG_WORDS"); s != "" {
			if v, err := strconv.Atoi(s); err == nil && v >= 1 {
				rgWords = min(v, len(words))
			}
		}
		var proc, rg []time.Duration
		for round := range 3 {
			for i, w := range words {
				t := time.Now()
				out, err := exec.Command(bin, "search", "--archive", archDir, w).CombinedOutput()
				if err != nil && w != "unobtainium" {
					b.Fatalf("gavel search %s: %v\n%s", w, err, out)
				}
				proc = append(proc, time.Since(t))
				// rg reads every file each time: once per word is enough.
				if rgPath, err := exec.LookPath("rg"); err == nil && round == 0 && i < rgWords {
					t = time.Now()
					exec.Command(rgPath, "-l", "-i", "-F", w, archDir).Run()
					rg = append(rg, time.Since(t))
				}
			}
		}
		report(b, "process", proc)
		if len(rg) > 0 {
			report(b, "rg", rg)
			// The same p50 as report's (the lower middle of an even count).
			p50 := func(lat []time.Duration) float64 {
				slices.Sort(lat)
				return float64(lat[(len(lat)-1)/2])
			}
			metric(b, p50(rg)/p50(proc), "rg/gavel-p50")
			metric(b, float64(slices.Max(rg).Microseconds())/1000, "rg-max-ms")
		} else {
			b.Log("rg not installed (apt-get install ripgrep): no rg comparison")
		}

		// Action items: every filter in SQL, bounded or not, listed as
		// gavel actions does (newest first, streamed, counted when cut).
		var acts []time.Duration
		for range 5 {
			for _, f := range []ActionFilter{
				{Open: true, Limit: 100}, {Who: "alice", Open: true}, {Channel: "#heat"}, {Channel: "#heat", Open: true, Limit: 200},
				{Name: "infra", Channel: "#heat"}, {Who: "nirik", Channel: "#fedora-meeting", Open: true}, {Done: true, Limit: 100},
			} {
				f.Newest = true
				t := time.Now()
				listActions(b, a, f)
				acts = append(acts, time.Since(t))
			}
		}
		report(b, "actions", acts)
		// Every open item: the cost per item listed, in wall and CPU time.
		t0, cpu0 := time.Now(), cpuTime()
		n := listActions(b, a, ActionFilter{Open: true, Newest: true})
		d, cpu := time.Since(t0), cpuTime()-cpu0
		metric(b, d.Seconds()*1000, "actions-open-all-ms")
		metric(b, float64(n), "open-actions")
		metric(b, float64(d.Microseconds())/float64(max(n, 1)), "actions-us/item")
		metric(b, float64(cpu.Microseconds())/float64(max(n, 1)), "actions-cpu-us/item")
		// gavel actions as a whole process (open, refresh, list, print).
		var aproc []time.Duration
		for range 3 {
			for _, args := range [][]string{{"--open"}, {"--who", "alice", "--open", "--limit", "0"},
				{"--channel", "#heat", "--limit", "0"}, {"--name", "infra", "--json"}} {
				t := time.Now()
				if out, err := exec.Command(bin, append([]string{"actions", "--archive", archDir}, args...)...).Output(); err != nil {
					b.Fatalf("gavel actions %v: %v\n%s", args, err, out)
				}
				aproc = append(aproc, time.Since(t))
			}
		}
		report(b, "actions-process", aproc)

		t0 = time.Now()
		if _, err := a.Meetings(b.Context(), MeetingFilter{Limit: 200}); err != nil {
			b.Fatal(err)
		}
		metric(b, float64(time.Since(t0).Microseconds())/1000, "list-ms")
		a.Close()
	}
}

// listActions lists f as gavel actions does: streamed, and counted when
// the limit cuts it. It returns how many items were listed.
func listActions(b *testing.B, a *Archive, f ActionFilter) int {
	n := 0
	if err := a.EachAction(b.Context(), f, func(*Action) error { n++; return nil }); err != nil {
		b.Fatal(err)
	}
	if f.Limit > 0 && n == f.Limit {
		if _, err := a.CountActions(b.Context(), f); err != nil {
			b.Fatal(err)
		}
	}
	return n
}

// searchLatencies runs a set of full-text queries five times and returns
// how long each took.
func searchLatencies(b *testing.B, a *Archive) []time.Duration {
	queries := []string{
		"release", "blocker", `"merge the"`, "upstream AND freeze", "sched*", "python OR golang",
		`NEAR(deploy staging, 4)`, "proposal", "alice", "unobtainium", "milestone NOT beta", `"security updates"`,
		"vote", "cloud template", "docs", "pending review",
	}
	var lat []time.Duration
	for round := range 5 {
		for _, q := range queries {
			t := time.Now()
			res, err := a.SearchMeetings(b.Context(), q, SearchOptions{})
			if err != nil {
				b.Fatalf("%q: %v", q, err)
			}
			lat = append(lat, time.Since(t))
			if round == 0 && q == "release" && len(res.Meetings) == 0 {
				b.Fatal("no hits for release")
			}
		}
	}
	return lat
}

// report adds the p50 and p95 of latencies as metrics.
func report(b *testing.B, name string, lat []time.Duration) {
	slices.Sort(lat)
	p := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	metric(b, p(0.50), name+"-p50-ms")
	metric(b, p(0.95), name+"-p95-ms")
}

// metric reports a figure and prints it at once: a run at 10^5 meetings
// takes long enough that its figures are worth seeing as they come.
func metric(b *testing.B, v float64, unit string) {
	b.ReportMetric(v, unit)
	fmt.Fprintf(os.Stderr, "scale: %s = %.4g\n", unit, v)
}

// archiveFilesSize is the size of the archive's meeting files (not the
// index).
func archiveFilesSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != dir {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// buildBenchGavel builds cmd/gavel for the whole-process timings.
func buildBenchGavel(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "gavel")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/gavel").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
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
		if err := synth.MeetBotLog(&buf, lines, int64(i)); err != nil {
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

// BenchmarkImport imports 200 generated logs into a fresh archive per
// iteration and reports meetings/s (the target is ≥ 500 on the cores at
// hand).
func BenchmarkImport(b *testing.B) {
	logs := b.TempDir()
	genBenchLogs(b, logs, 200)
	n := 0
	user0, sys0 := cpuTimes()
	for b.Loop() {
		a, err := Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		st, err := a.Import(b.Context(), []string{logs}, ImportOptions{})
		if err != nil || len(st.Errors) != 0 {
			b.Fatalf("%v %v", err, st.Errors)
		}
		n += st.Meetings
		a.Close()
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "meetings/s")
	// CPU per meeting: what the rate would be on idle cores, whatever
	// else the machine is doing (meetings/s = cores·1000 / cpu-ms). The
	// system part is mostly the filesystem creating six files a meeting;
	// how much that costs depends on the filesystem and on what else
	// churns it (ext4 without a journal scans past recently deleted
	// inodes), so it is reported apart too.
	user1, sys1 := cpuTimes()
	perMeeting := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }
	b.ReportMetric(perMeeting(user1-user0+sys1-sys0), "cpu-ms/meeting")
	b.ReportMetric(perMeeting(user1-user0), "user-ms/meeting")
	b.ReportMetric(perMeeting(sys1-sys0), "sys-ms/meeting")
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	user, sys := cpuTimes()
	return user + sys
}

// cpuTimes is the process's user and system CPU time so far.
func cpuTimes() (user, sys time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}
