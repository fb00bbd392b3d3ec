package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// amendArchive imports one hand-made meeting and returns it.
func amendArchive(t *testing.T) (*Archive, *Meeting) {
	t.Helper()
	a := openTemp(t)
	src := t.TempDir()
	meetingLog(t, src, "team.2026-01-05-15.00.log.txt",
		"alice #startmeeting infra",                // 1
		"alice #topic Zeppelin budget",             // 2
		"bob the hangar roof leaks",                // 3
		"carol call me on 555-0199 about the roof", // 4
		"alice #action bob fix the hangar roof",    // 5
		"alice #info roof quote is 4000",           // 6
		"alice #endmeeting")
	if _, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ms, err := a.Meetings(ctx, MeetingFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("meetings %v %v", ms, err)
	}
	return a, &ms[0]
}

func filesOf(t *testing.T, a *Archive, m *Meeting) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, ext := range []string{".md", ".json", ".txt", ".html", ".log.txt", ".log.html"} {
		b, err := os.ReadFile(filepath.Join(a.Dir, filepath.FromSlash(m.Base+ext)))
		if err != nil {
			t.Fatal(err)
		}
		out[ext] = string(b)
	}
	return out
}

func TestAmendRewritesEveryFormatAndTheIndex(t *testing.T) {
	a, m := amendArchive(t)
	at := time.Date(2026, 1, 6, 9, 0, 0, 0, time.UTC)
	if _, err := a.Amend(ctx, m, meeting.Amendment{Op: meeting.AmendText, Line: 6, Text: "roof quote is 4500", By: "alice", At: at, Why: "wrong figure"}); err != nil {
		t.Fatal(err)
	}
	for _, line := range []int{4, 5} { // chatter, and a line that made an action item
		if _, err := a.Amend(ctx, m, meeting.Amendment{Op: meeting.AmendRedact, Line: line, By: "alice", At: at, Why: "personal data"}); err != nil {
			t.Fatal(err)
		}
	}
	for ext, body := range filesOf(t, a, m) {
		if strings.Contains(body, "555-0199") || strings.Contains(body, "fix the hangar roof") {
			t.Errorf("%s still holds the redacted text", ext)
		}
		if !strings.Contains(body, "redacted by alice on 2026-01-06: personal data") {
			t.Errorf("%s lacks the redaction note", ext)
		}
		if ext != ".log.txt" && ext != ".log.html" && !strings.Contains(body, "roof quote is 4500") {
			t.Errorf("%s lacks the amended item", ext)
		}
		// MeetBot's .txt and .html wrap items at 72 columns: compare with
		// the line breaks undone.
		if ext != ".log.txt" && ext != ".log.html" && !strings.Contains(strings.Join(strings.Fields(body), " "), "amended by alice on 2026-01-06: wrong figure") {
			t.Errorf("%s does not mark the amended item", ext)
		}
	}
	// The log still says what was said; the minutes say what was meant.
	if !strings.Contains(filesOf(t, a, m)[".log.txt"], "#info roof quote is 4000") {
		t.Error("the log lost the line as said")
	}
	hits, err := a.Search(ctx, "0199", 10)
	if err != nil || len(hits) != 0 {
		t.Fatalf("search still finds the redacted text: %v %v", hits, err)
	}
	hits, err = a.Search(ctx, "4500", 10)
	if err != nil || len(hits) == 0 {
		t.Fatalf("search does not find the amended text: %v %v", hits, err)
	}
	trail, err := a.History(m)
	if err != nil || len(trail) != 3 || trail[0].Old != "roof quote is 4000" || trail[1].Op != meeting.AmendRedact || trail[1].Old != "" {
		t.Fatalf("trail %+v %v", trail, err)
	}
	raw, _ := os.ReadFile(a.amendPath(m))
	if strings.Contains(string(raw), "555") {
		t.Fatal("the trail keeps what was redacted")
	}
}

func TestAmendBadInputRecordsNothing(t *testing.T) {
	a, m := amendArchive(t)
	before := filesOf(t, a, m)
	for _, am := range []meeting.Amendment{
		{Op: meeting.AmendText, Line: 3, Text: "x", By: "alice", Why: "no item there"},
		{Op: meeting.AmendOwners, Line: 6, Owners: []string{"x"}, By: "alice", Why: "not an action"},
		{Op: meeting.AmendVoid, Line: 5, By: "alice"},
	} {
		if _, err := a.Amend(ctx, m, am); err == nil {
			t.Errorf("%+v: no error", am)
		}
	}
	if _, err := os.Stat(a.amendPath(m)); !os.IsNotExist(err) {
		t.Fatal("a refused amendment left a trail")
	}
	after := filesOf(t, a, m)
	for ext := range before {
		if before[ext] != after[ext] {
			t.Errorf("%s changed", ext)
		}
	}
}

// A crash after the record was written but before the files were: the next
// amendment applies both; a torn last record is ignored.
func TestAmendFinishesAnInterruptedAmendment(t *testing.T) {
	a, m := amendArchive(t)
	at := time.Date(2026, 1, 6, 9, 0, 0, 0, time.UTC)
	if err := appendRecord(a.amendPath(m), meeting.Amendment{Op: meeting.AmendVoid, Line: 5, By: "bob", At: at, Why: "duplicate"}); err != nil {
		t.Fatal(err)
	}
	f, _ := os.OpenFile(a.amendPath(m), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"op":"text","line":6,"te`)
	f.Close()
	if _, err := a.Amend(ctx, m, meeting.Amendment{Op: meeting.AmendText, Line: 6, Text: "quote 4500", By: "alice", At: at, Why: "figure"}); err != nil {
		t.Fatal(err)
	}
	md := filesOf(t, a, m)[".md"]
	if !strings.Contains(md, "voided by bob") || !strings.Contains(md, "quote 4500") {
		t.Fatalf("minutes:\n%s", md)
	}
	trail, err := a.History(m)
	if err != nil || len(trail) != 2 {
		t.Fatalf("trail %d %v", len(trail), err)
	}
}
