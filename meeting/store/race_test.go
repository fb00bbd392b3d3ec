package store

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

// TestConcurrentSameMeeting: the same meeting written by several writers
// at once (the same log given twice to gavel minutes) ends as one set of
// files, every writer told the same paths, no error, no temporary left.
func TestConcurrentSameMeeting(t *testing.T) { bothPlacers(t, testConcurrentSameMeeting) }

func testConcurrentSameMeeting(t *testing.T) {
	for round := 0; round < 20; round++ {
		dir := t.TempDir()
		m := mkMeeting("#c", "same", "#topic t", "#endmeeting")
		const n = 6
		release := barrierAfterRender(t, n)
		var wg sync.WaitGroup
		paths := make([][]string, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				paths[i], errs[i] = WriteMinutes(dir, m, minutes.AllFormats)
			}()
		}
		wg.Wait()
		release()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d writer %d: %v", round, i, errs[i])
			}
			if strings.Join(paths[i], " ") != strings.Join(paths[0], " ") {
				t.Fatalf("round %d: writers disagree:\n%q\n%q", round, paths[0], paths[i])
			}
		}
		if got := files(t, dir); len(got) != len(minutes.AllFormats) {
			t.Fatalf("round %d: files %q", round, got)
		}
	}
}

// TestConcurrentDifferentMeetings: meetings that share a base name (same
// channel, name and start minute, different content) written at once each
// get a whole set of files under their own suffix; nothing is lost or
// mixed.
func TestConcurrentDifferentMeetings(t *testing.T) { bothPlacers(t, testConcurrentDifferentMeetings) }

func testConcurrentDifferentMeetings(t *testing.T) {
	for round := 0; round < 10; round++ {
		dir := t.TempDir()
		const n = 4
		release := barrierAfterRender(t, n)
		var wg sync.WaitGroup
		paths := make([][]string, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m := mkMeeting("#c", "same", fmt.Sprintf("#topic writer %d", i), "#endmeeting")
				m.Started = m.Started.Add(time.Duration(i) * time.Second) // distinct start, same minute
				paths[i], errs[i] = WriteMinutes(dir, m, minutes.AllFormats)
			}()
		}
		wg.Wait()
		release()
		var bases []string
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d writer %d: %v", round, i, errs[i])
			}
			b, err := os.ReadFile(paths[i][1]) // .txt
			if err != nil || !strings.Contains(string(b), fmt.Sprintf("* writer %d  (", i)) {
				t.Fatalf("round %d writer %d: %s holds another meeting (%v)", round, i, paths[i][1], err)
			}
			bases = append(bases, strings.TrimSuffix(paths[i][0], ".html"))
			for j, f := range minutes.AllFormats {
				if paths[i][j] != bases[i]+f.Ext() {
					t.Fatalf("round %d writer %d: mixed bases %q", round, i, paths[i])
				}
			}
		}
		sort.Strings(bases)
		for i := 1; i < n; i++ {
			if bases[i] == bases[i-1] {
				t.Fatalf("round %d: two meetings share %s", round, bases[i])
			}
		}
		if got := files(t, dir); len(got) != n*len(minutes.AllFormats) {
			t.Fatalf("round %d: %d files: %q", round, len(got), got)
		}
	}
}

// barrierAfterRender makes the n writers that are about to run wait for
// each other once each has rendered its last format, so that all of them
// decide and place their files at the same moment. The returned function
// restores the renderer.
func barrierAfterRender(t *testing.T, n int) (restore func()) {
	t.Helper()
	orig := render
	last := minutes.AllFormats[len(minutes.AllFormats)-1]
	var arrived sync.WaitGroup
	arrived.Add(n)
	render = func(w io.Writer, f minutes.Format, m *meeting.Minutes) error {
		err := orig(w, f, m)
		if f == last {
			arrived.Done()
			arrived.Wait()
		}
		return err
	}
	return func() { render = orig }
}
