package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer/synth"
)

var ctx = context.Background()

// genLogs writes n generated MeetBot logs into dir, spread over channels,
// named <channel>.<i>.log.txt, and returns their paths.
func genLogs(t testing.TB, dir string, n, lines int, seed int64) []string {
	t.Helper()
	chans := []string{"fedora-meeting", "openstack-meeting", "debian-dpl", "tor-dev", "ubuntu-meeting"}
	var out []string
	for i := range n {
		var b bytes.Buffer
		nl := lines
		if nl == 0 {
			nl = 150 + int((seed+int64(i))*7919%451)
		}
		if err := synth.MeetBotLog(&b, nl, seed+int64(i)); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, fmt.Sprintf("%s.%d.log.txt", chans[i%len(chans)], i))
		if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// meetingLog writes a hand-made MeetBot log: lines are "<nick> text" and
// get a minute each from start.
func meetingLog(t *testing.T, dir, file string, lines ...string) string {
	t.Helper()
	var b strings.Builder
	tm := 15 * 60
	for i, l := range lines {
		nick, text, _ := strings.Cut(l, " ")
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%02d:%02d:00 <%s> %s", tm/60, tm%60, nick, text)
		tm++
	}
	p := filepath.Join(dir, file)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func openTemp(t testing.TB) *Archive {
	t.Helper()
	a, err := Open(filepath.Join(t.TempDir(), "archive"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

func TestImportAndSearch(t *testing.T) {
	a := openTemp(t)
	src := t.TempDir()
	logs := genLogs(t, src, 8, 0, 1)
	st, err := a.Import(ctx, []string{src}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != 8 || st.Meetings != 8 || len(st.Errors) != 0 || st.Index.Added != 8 || st.Index.Meetings != 8 {
		t.Fatalf("stats %+v index %+v errors %v", st, st.Index, st.Errors)
	}
	// Every format is written in zodbot's layout.
	ms, err := a.Meetings(ctx, MeetingFilter{})
	if err != nil || len(ms) != 8 {
		t.Fatalf("meetings %d %v", len(ms), err)
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].Started.After(ms[i-1].Started) {
			t.Fatal("meetings not newest first")
		}
	}
	m := ms[0]
	for _, ext := range []string{".md", ".json", ".txt", ".html", ".log.txt", ".log.html"} {
		if _, err := os.Stat(filepath.Join(a.Dir, filepath.FromSlash(m.Base+ext))); err != nil {
			t.Errorf("missing %s: %v", ext, err)
		}
	}
	if parts := strings.Split(m.Base, "/"); len(parts) != 3 || parts[1] != m.Started.Format("2006-01-02") ||
		!strings.HasPrefix(parts[2], m.Name+"."+m.Started.Format("2006-01-02-15.04")) {
		t.Errorf("base %q not in zodbot layout", m.Base)
	}
	if len(m.Topics) == 0 || len(m.People) < 10 || m.Lines < 150 {
		t.Errorf("meeting summary %+v", m)
	}
	// Filters.
	byChan, _ := a.Meetings(ctx, MeetingFilter{Channel: "tor-dev"})
	if len(byChan) == 0 || byChan[0].Channel != "#tor-dev" {
		t.Errorf("channel filter: %+v", byChan)
	}
	byPerson, _ := a.Meetings(ctx, MeetingFilter{Person: m.People[0]})
	if len(byPerson) == 0 {
		t.Error("person filter found nothing")
	}
	byDate, _ := a.Meetings(ctx, MeetingFilter{From: m.Started, To: m.Started.Add(time.Second)})
	if len(byDate) != 1 || byDate[0].Base != m.Base {
		t.Errorf("date filter: %+v", byDate)
	}
	// The log and items.
	log, err := a.Log(ctx, m.ID)
	if err != nil || len(log) != m.Lines || log[0].N != 1 || !strings.HasPrefix(log[0].Text, "#startmeeting") {
		t.Fatalf("log %d lines (want %d) %v", len(log), m.Lines, err)
	}
	items, err := a.Items(ctx, m.ID)
	if err != nil || len(items) == 0 {
		t.Fatalf("items %v", err)
	}
	for _, it := range items {
		if it.Line < 1 || it.Line > len(log) {
			t.Fatalf("item line %d out of the log", it.Line)
		}
	}
	// Search: a phrase from one of the logs.
	hits, err := a.Search(ctx, `"startmeeting"`, 20)
	if err != nil || len(hits) == 0 {
		t.Fatalf("search: %d %v", len(hits), err)
	}
	if h := hits[0]; !strings.Contains(h.Marked, MarkStart) || h.Meeting == "" || h.Line < 1 {
		t.Errorf("hit %+v", h)
	}
	hits, err = a.Search(ctx, "proposal", 10)
	if err != nil || len(hits) != 10 {
		t.Fatalf("limit: %d %v", len(hits), err)
	}
	_ = logs
}

func TestIncrementalUpdate(t *testing.T) {
	a, src := importedArchive(t, 5, 160, 10)
	// The same logs again: nothing is indexed again.
	st, err := a.Import(ctx, []string{src}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Index.Added != 0 || st.Index.Changed != 0 || st.Index.Unchanged != 5 {
		t.Fatalf("re-import: %+v", st.Index)
	}
	u, err := a.Update(ctx, nil)
	if err != nil || u.Unchanged != 5 || u.Added+u.Changed+u.Removed+u.Touched != 0 {
		t.Fatalf("update: %+v %v", u, err)
	}
	ms, _ := a.Meetings(ctx, MeetingFilter{})
	// Change one meeting's log, touch another's, delete a third.
	p := filepath.Join(a.Dir, filepath.FromSlash(ms[0].Base+".log.txt"))
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(b, "\n23:59:59 <zed> unobtainium appended"...), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(a.Dir, filepath.FromSlash(ms[1].Base+".json")), later, later)
	for _, ext := range []string{".json", ".log.txt", ".log.html"} {
		os.Remove(filepath.Join(a.Dir, filepath.FromSlash(ms[2].Base+ext)))
	}
	u, err = a.Update(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u.Changed != 1 || u.Touched != 1 || u.Removed != 1 || u.Unchanged != 2 || u.Meetings != 4 {
		t.Fatalf("update after changes: %+v", u)
	}
	hits, err := a.Search(ctx, "unobtainium", 10)
	if err != nil || len(hits) != 1 || hits[0].Meeting != ms[0].Base || hits[0].Nick != "zed" {
		t.Fatalf("changed line not searchable: %+v %v", hits, err)
	}
	u, _ = a.Update(ctx, nil)
	if u.Unchanged != 4 || u.Changed+u.Touched+u.Added != 0 {
		t.Fatalf("second update: %+v", u)
	}
}

// snapshot is everything the queries return, for comparing indexes.
func snapshot(t *testing.T, a *Archive) string {
	t.Helper()
	var b strings.Builder
	ms, err := a.Meetings(ctx, MeetingFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		m.ID = 0
		fmt.Fprintf(&b, "%+v\n", m)
	}
	for _, q := range []string{"proposal", `"think we"`, "relea*", "vote OR beta", "NEAR(merge release, 3)"} {
		hits, err := a.Search(ctx, q, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			fmt.Fprintf(&b, "%s %s %d %s %s\n", h.Kind, h.Meeting, h.Line, h.Nick, h.Marked)
		}
	}
	acts, err := a.Actions(ctx, ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ac := range acts {
		ac.MeetingID = 0
		fmt.Fprintf(&b, "%+v\n", ac)
	}
	return b.String()
}

func TestRebuildEquivalence(t *testing.T) {
	a, _ := importedArchive(t, 10, 0, 100)
	before := snapshot(t, a)
	st, err := a.Rebuild(ctx, nil)
	if err != nil || st.Added != 10 || len(st.Errors) != 0 {
		t.Fatalf("rebuild %+v %v", st, err)
	}
	if after := snapshot(t, a); after != before {
		t.Fatalf("rebuild differs: %s", firstDiff(before, after))
	}
	// A fresh index from the files alone (delete it) gives the same.
	a.Close()
	for _, suf := range []string{"", "-wal", "-shm"} {
		os.Remove(filepath.Join(a.Dir, IndexName+suf))
	}
	b, err := Open(a.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Update(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, b); after != before {
		t.Fatalf("index from files alone differs: %s", firstDiff(before, after))
	}
}

func TestMirroredMeetBotArchive(t *testing.T) {
	// A MeetBot archive has logs and minutes but no .json: it indexes by
	// folding the logs again.
	a := openTemp(t)
	meetingLog(t, a.Dir, "fedora-meeting/2020-06-10/magazine.2020-06-10-12.02.log.txt",
		"bcotton #startmeeting magazine", "zodbot Meeting started", "bcotton #meetingname magazine",
		"bcotton #topic Articles", "stickster #info three articles in the queue",
		"bcotton #action stickster edit the queue", "bcotton #endmeeting")
	os.WriteFile(filepath.Join(a.Dir, "fedora-meeting/2020-06-10/magazine.2020-06-10-12.02.txt"), []byte("minutes"), 0o644)
	st, err := a.Update(ctx, nil)
	if err != nil || st.Added != 1 || len(st.Errors) != 0 {
		t.Fatalf("%+v %v", st, err)
	}
	ms, _ := a.Meetings(ctx, MeetingFilter{Name: "magazine"})
	if len(ms) != 1 || ms[0].Channel != "#fedora-meeting" || ms[0].Started.Format("2006-01-02 15:04") != "2020-06-10 15:00" {
		t.Fatalf("%+v", ms)
	}
	acts, _ := a.Actions(ctx, ActionFilter{Who: "stickster"})
	if len(acts) != 1 || acts[0].Done {
		t.Fatalf("%+v", acts)
	}
	min, err := a.Minutes(ctx, &ms[0])
	if err != nil || len(min.Topics) != 1 {
		t.Fatalf("minutes %v", err)
	}
}

func TestActionFollowUp(t *testing.T) {
	a := openTemp(t)
	src := t.TempDir()
	head := []string{"alice #startmeeting", "alice #meetingname infra", "bob hello", "carol hi"}
	meetingLog(t, src, "team.2026-01-05-15.00.log.txt", append(head,
		"alice #action bob write the release notes",
		"alice #action carol fix CI",
		"alice #endmeeting")...)
	meetingLog(t, src, "team.2026-01-12-15.00.log.txt", append(head,
		"alice #action Bob: write the release-notes!", // same item, repeated
		"alice #action done: carol fix CI",            // carol's closed
		"alice #endmeeting")...)
	// Another series in the same channel does not share items.
	meetingLog(t, src, "team.2026-01-13-15.00.log.txt",
		"dave #startmeeting", "dave #meetingname docs", "bob hi",
		"dave #action bob write the release notes", "dave #endmeeting")
	if st, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil || len(st.Errors) != 0 {
		t.Fatalf("%v %v", err, st.Errors)
	}
	acts, err := a.Actions(ctx, ActionFilter{Channel: "#team", Name: "infra"})
	if err != nil || len(acts) != 2 {
		t.Fatalf("%+v %v", acts, err)
	}
	notes, ci := acts[0], acts[1]
	if notes.Meetings != 2 || notes.Done || !reflect.DeepEqual(notes.Owners, []string{"bob"}) ||
		notes.First.Day() != 5 || notes.Last.Day() != 12 {
		t.Fatalf("repeated item: %+v", notes)
	}
	if !ci.Done || ci.DoneBy != "alice" || !strings.HasSuffix(ci.DoneIn, "infra.2026-01-12-15.00") {
		t.Fatalf("closed by '#action done:': %+v", ci)
	}
	// Since last meeting: the items of the latest infra meeting still open.
	m, open, err := a.OpenSinceLast(ctx, "#team", "infra", time.Time{})
	if err != nil || m == nil || len(open) != 1 || open[0].ID != notes.ID {
		t.Fatalf("since last: %+v %+v %v", m, open, err)
	}
	paste := PasteLines(m, open)
	if len(paste) != 2 || !strings.HasPrefix(paste[0], "#info ") || paste[1] != "#action Bob: write the release-notes!" {
		t.Fatalf("paste %q", paste)
	}
	// Third meeting: #done closes the repeated item.
	meetingLog(t, src, "team.2026-01-19-15.00.log.txt", append(head,
		"alice #done bob write the release notes", "alice #endmeeting")...)
	if _, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	acts, _ = a.Actions(ctx, ActionFilter{Channel: "team", Name: "infra", Open: true})
	if len(acts) != 0 {
		t.Fatalf("still open after #done: %+v", acts)
	}
	// The docs series' item is untouched; close it by hand.
	docs, _ := a.Actions(ctx, ActionFilter{Name: "docs"})
	if len(docs) != 1 || docs[0].Done || docs[0].ID == notes.ID {
		t.Fatalf("docs %+v", docs)
	}
	if _, err := a.MarkDone(ctx, docs[0].ID[:6], "dave", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.MarkDone(ctx, "zzzz", "dave", time.Now()); !errors.Is(err, ErrNoAction) {
		t.Fatalf("unknown id: %v", err)
	}
	// Closings by hand live in a file and survive a rebuild.
	if _, err := os.Stat(filepath.Join(a.Dir, ActionsName)); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	all, _ := a.Actions(ctx, ActionFilter{Who: "BOB"})
	if len(all) != 2 || !all[0].Done || !all[1].Done || all[1].DoneIn != "" || all[1].DoneBy != "dave" {
		t.Fatalf("after rebuild %+v", all)
	}
	// Mentioned again after its closing, an item is open again.
	meetingLog(t, src, "team.2026-02-09-15.00.log.txt",
		"dave #startmeeting", "dave #meetingname docs", "bob hi",
		"dave #action bob write the release notes", "dave #endmeeting")
	a.Import(ctx, []string{src}, ImportOptions{})
	docs, _ = a.Actions(ctx, ActionFilter{Name: "docs", Open: true})
	if len(docs) != 1 || docs[0].Meetings != 2 {
		t.Fatalf("reopened %+v", docs)
	}
}

func TestBadFilesAreSkipped(t *testing.T) {
	a := openTemp(t)
	src := t.TempDir()
	genLogs(t, src, 2, 150, 7)
	os.WriteFile(filepath.Join(src, "garbage.log"), []byte("\x00\x01\x02 not a log at all\xff\xfe"), 0o644)
	os.WriteFile(filepath.Join(src, "empty.log.txt"), nil, 0o644)
	meetingLog(t, src, "chat.2026-01-01.log.txt", "alice hello", "bob no meeting here")
	missing := filepath.Join(src, "does-not-exist.log")
	st, err := a.Import(ctx, []string{src, missing}, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Meetings != 2 || len(st.Errors) != 4 {
		t.Fatalf("meetings %d, errors %v", st.Meetings, st.Errors)
	}
	for _, e := range st.Errors {
		if e.Path == "" || e.Err == nil {
			t.Fatalf("bad error %+v", e)
		}
	}
	// A broken .json in the archive is reported by Update, the rest stays.
	os.MkdirAll(filepath.Join(a.Dir, "x", "2026-01-01"), 0o755)
	os.WriteFile(filepath.Join(a.Dir, "x", "2026-01-01", "bad.2026-01-01-10.00.json"), []byte("{not json"), 0o644)
	u, err := a.Update(ctx, nil)
	if err != nil || len(u.Errors) != 1 || u.Meetings != 2 {
		t.Fatalf("%+v %v", u, err)
	}
}

func TestPathSafety(t *testing.T) {
	a := openTemp(t)
	src := t.TempDir()
	outside := t.TempDir()
	meetingLog(t, src, "evil.2026-03-01-10.00.log.txt",
		"mallory #startmeeting", "mallory #meetingname ../../../../etc/passwd", "mallory #topic \x1b]0;pwned\x07",
		"mallory #action mallory \x1b[2J clear the screen", "mallory #endmeeting")
	st, err := a.Import(ctx, []string{src}, ImportOptions{Channel: "#../../.."})
	if err != nil || len(st.Errors) != 0 || st.Meetings != 1 {
		t.Fatalf("%+v %v", st, err)
	}
	filepath.WalkDir(filepath.Dir(a.Dir), func(p string, d os.DirEntry, err error) error {
		if r, _ := filepath.Rel(a.Dir, p); strings.HasPrefix(r, "..") && p != filepath.Dir(a.Dir) {
			t.Errorf("file outside the archive: %s", p)
		}
		return nil
	})
	// A symlink in the archive to files outside is not followed.
	meetingLog(t, outside, "x/2026-01-01/secret.2026-01-01-10.00.log.txt", "a #startmeeting", "a topsecret", "a #endmeeting")
	if err := os.Symlink(filepath.Join(outside, "x"), filepath.Join(a.Dir, "linked")); err != nil {
		t.Skip(err)
	}
	os.Symlink(filepath.Join(outside, "x/2026-01-01/secret.2026-01-01-10.00.log.txt"), filepath.Join(a.Dir, "s.2026-01-01-10.00.log.txt"))
	if _, err := a.Update(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if hits, _ := a.Search(ctx, "topsecret", 10); len(hits) != 0 {
		t.Fatalf("followed a symlink out of the archive: %+v", hits)
	}
	// Importing the archive into itself does nothing.
	st, _ = a.Import(ctx, []string{a.Dir}, ImportOptions{})
	if st.Files != 0 {
		t.Fatalf("imported its own files: %+v", st)
	}
}

func TestSearchQueries(t *testing.T) {
	a := openTemp(t)
	src := t.TempDir()
	genLogs(t, src, 2, 200, 3)
	a.Import(ctx, []string{src}, ImportOptions{})
	for _, q := range []string{`"unterminated`, `AND`, `foo:bar`, `NEAR(`, `(((`, `*`, `-x`, `a OR`, "\x00", `'; DROP TABLE meetings; --`,
		strings.Repeat("(", 5000), `^`, `{text}: x`} {
		_, err := a.Search(ctx, q, 10)
		if err != nil && !errors.Is(err, ErrQuery) {
			t.Errorf("%q: unexpected error %v", q, err)
		}
		if _, err := a.Search(ctx, QuoteQuery(q), 10); err != nil && !errors.Is(err, ErrQuery) {
			t.Errorf("quoted %q: %v", q, err)
		}
	}
	if _, err := a.Search(ctx, `"unterminated`, 10); !errors.Is(err, ErrQuery) {
		t.Errorf("syntax error not reported: %v", err)
	}
	if ms, err := a.Meetings(ctx, MeetingFilter{}); err != nil || len(ms) != 2 {
		t.Fatal("meetings table damaged")
	}
	if hits, err := a.Search(ctx, QuoteQuery(`proposal: "we"`), 5); err != nil || len(hits) == 0 {
		t.Fatalf("quoted query: %v %d", err, len(hits))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d vs %d", len(al), len(bl))
}

// TestImportAnyLayout imports a zodbot log into a layout other than
// zodbot's and checks that the index, rebuilt from the files alone, finds
// the meeting with its channel and its zodbot name.
func TestImportAnyLayout(t *testing.T) {
	tests := []struct {
		name, layout, wantBase string
	}{
		{"openstack", "%(meetingname)s/%%Y/%(meetingname)s.%%F-%%H.%%M", "weekly_sync/2026/weekly_sync.2026-03-04-15.00"},
		{"darst", "%(channel)s/%%Y/%(channel)s.%%F-%%H.%%M", "cockpit/2026/cockpit.2026-03-04-15.00"},
		{"flat", "%%Y%%m%%d-%(channel)s-%(meetingname)s", "20260304-cockpit-weekly_sync"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := openTemp(t)
			src := meetingLog(t, t.TempDir(), "cockpit.2026-03-04-15.00.log.txt",
				"mvollmer #startmeeting Weekly Sync",
				"zodbot Meeting started Wed Mar  4 15:00:00 2026 UTC.  The chair is mvollmer.",
				"zodbot The meeting name has been set to 'weekly_sync'",
				"mvollmer #topic Agenda",
				"mvollmer #action pitti to review",
				"mvollmer #endmeeting")
			st, err := a.Import(ctx, []string{src}, ImportOptions{Flavour: meeting.FlavourZodbot, Layout: tc.layout, Date: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)})
			if err != nil || len(st.Errors) != 0 || st.Meetings != 1 {
				t.Fatalf("import %+v %v", st, err)
			}
			if _, err := a.Rebuild(ctx, nil); err != nil {
				t.Fatal(err)
			}
			ms, err := a.Meetings(ctx, MeetingFilter{})
			if err != nil || len(ms) != 1 {
				t.Fatalf("meetings %+v %v", ms, err)
			}
			m := ms[0]
			if m.Base != tc.wantBase || m.Channel != "#cockpit" || m.Name != "weekly_sync" {
				t.Errorf("base %q channel %q name %q", m.Base, m.Channel, m.Name)
			}
			for _, ext := range []string{".json", ".txt", ".html", ".log.txt", ".log.html", ".md"} {
				if _, err := os.Stat(filepath.Join(a.Dir, filepath.FromSlash(tc.wantBase+ext))); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// importedArchive is a new archive with n generated meetings (see
// genLogs) imported from src.
func importedArchive(t *testing.T, n, lines int, seed int64) (a *Archive, src string) {
	t.Helper()
	a, src = openTemp(t), t.TempDir()
	genLogs(t, src, n, lines, seed)
	if _, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return a, src
}
