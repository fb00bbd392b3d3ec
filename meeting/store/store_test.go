package store

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

var t0 = time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)

// mkMeeting runs a meeting named name (#meetingname) on channel.
func mkMeeting(channel, name string, lines ...string) *meeting.Minutes {
	m := meeting.New(meeting.Config{Channel: channel})
	all := append([]string{"#startmeeting", "#meetingname " + name}, lines...)
	for i, s := range all {
		m.Apply(meeting.Line{Time: t0.Add(time.Duration(i) * time.Second), Nick: "alice", Text: s})
	}
	return m.Minutes()
}

// bothPlacers runs test as Place works with renameat2(RENAME_NOREPLACE)
// and as it works where the system has none (hard links).
func bothPlacers(t *testing.T, test func(t *testing.T)) {
	for _, c := range []struct {
		name string
		fn   func(string, string) error
	}{
		{"renameat2", renameNoReplace},
		{"link", func(string, string) error { return errors.ErrUnsupported }},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func(orig func(string, string) error) { noReplace = orig }(noReplace)
			noReplace = c.fn
			test(t)
		})
	}
}

// files lists every file under dir, relative, slash-separated.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			r, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(r))
		}
		return nil
	})
	return out
}

func TestWriteAllFormats(t *testing.T) {
	dir := t.TempDir()
	m := mkMeeting("#Fedora-Meeting", "Magazine", "#topic x", "#endmeeting")
	paths, err := WriteMinutes(dir, m, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(minutes.AllFormats) {
		t.Fatalf("%d paths", len(paths))
	}
	for i, f := range minutes.AllFormats {
		want := filepath.Join(dir, "fedora-meeting", "2026-03-04", "magazine.2026-03-04-15.00"+f.Ext())
		if paths[i] != want {
			t.Errorf("path %q, want %q", paths[i], want)
		}
		st, err := os.Stat(want)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v", want, st.Mode())
		}
	}
	if got := files(t, dir); len(got) != len(minutes.AllFormats) {
		t.Errorf("files %q", got)
	}
}

// TestTraversal: hostile channels and names stay inside the archive.
func TestTraversal(t *testing.T) {
	long := strings.Repeat("ü", 2500) // 5000 bytes
	cases := []struct{ channel, name string }{
		{"#c", "../../x"},
		{"#../..", "n"},
		{"#../../etc", "passwd"},
		{"#a/b", "c\\d"},
		{"#c", "x\x00y"},
		{"#c", long},
		{"#" + long, long},
		{"&..", ".."},
		{"#c", "."},
		{"#c", ""},
		{"#c", "\x1b[31m\u202e"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		archive := filepath.Join(dir, "archive")
		m := mkMeeting("#c", "", "#endmeeting")
		m.Channel, m.Name = c.channel, c.name
		paths, err := WriteMinutes(archive, m, minutes.AllFormats)
		if err != nil {
			t.Fatalf("%q %q: %v", c.channel, c.name, err)
		}
		for _, p := range paths {
			r, err := filepath.Rel(archive, p)
			if err != nil || strings.HasPrefix(r, "..") {
				t.Errorf("%q %q: %s outside", c.channel, c.name, p)
			}
			for _, comp := range strings.Split(filepath.ToSlash(r), "/") {
				if len(comp) > 130 || strings.HasPrefix(comp, ".") || strings.Contains(comp, "..") || strings.ContainsAny(comp, "\x00\\\x1b") {
					t.Errorf("%q %q: bad component %q", c.channel, c.name, comp)
				}
			}
		}
		if got := files(t, dir); len(got) != len(minutes.AllFormats) {
			t.Errorf("%q %q: files %q", c.channel, c.name, got)
		}
	}
}

// TestFailingWriterLeavesNothing: a renderer that fails half way, or an
// unknown format, leaves no file (no temporary either).
func TestFailingWriterLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	m := mkMeeting("#c", "x", "#endmeeting")
	if _, err := WriteMinutes(dir, m, []minutes.Format{minutes.FormatHTML, "bogus"}); err == nil {
		t.Fatal("unknown format accepted")
	}
	defer func(r func(io.Writer, minutes.Format, *meeting.Minutes) error) { render = r }(render)
	boom := errors.New("disk on fire")
	render = func(w io.Writer, f minutes.Format, m *meeting.Minutes) error {
		if f == minutes.FormatJSON {
			w.Write([]byte("{\"partial"))
			return boom
		}
		return minutes.Render(w, f, m)
	}
	if _, err := WriteMinutes(dir, m, minutes.AllFormats); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("left behind: %q", got)
	}
}

// TestNoClobber: another meeting with the same name and start minute gets
// "-2" for all its files; rewriting identical content is a no-op; the same
// meeting (#save, then #endmeeting) overwrites its own files.
func TestNoClobber(t *testing.T) { bothPlacers(t, testNoClobber) }

func testNoClobber(t *testing.T) {
	dir := t.TempDir()
	saved := mkMeeting("#c", "x", "#topic one", "#save")
	p1, err := WriteMinutes(dir, saved, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	st1, _ := os.Stat(p1[0])
	// Identical: same paths, file untouched.
	p2, err := WriteMinutes(dir, saved, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	st2, _ := os.Stat(p2[0])
	if strings.Join(p1, ",") != strings.Join(p2, ",") || !os.SameFile(st1, st2) {
		t.Errorf("identical rewrite: %q vs %q", p1, p2)
	}
	// Same meeting, later: overwritten in place.
	final := mkMeeting("#c", "x", "#topic one", "#save", "#topic two", "#endmeeting")
	p3, err := WriteMinutes(dir, final, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p1, ",") != strings.Join(p3, ",") {
		t.Errorf("same meeting moved: %q vs %q", p1, p3)
	}
	if b, _ := os.ReadFile(p3[1]); !strings.Contains(string(b), "two") {
		t.Error("not overwritten")
	}
	// Another meeting (other start second, same minute): suffix -2.
	other := mkMeeting("#c", "x", "#topic three", "#endmeeting")
	other.Started = other.Started.Add(30 * time.Second)
	p4, err := WriteMinutes(dir, other, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range minutes.AllFormats {
		if !strings.HasSuffix(p4[i], ".2026-03-04-15.00-2"+f.Ext()) {
			t.Errorf("other meeting at %s", p4[i])
		}
	}
	if b, _ := os.ReadFile(p1[1]); !strings.Contains(string(b), "two") {
		t.Error("first meeting clobbered")
	}
	// A third one, and a file the user put there without JSON: -3.
	third := mkMeeting("#c", "x", "#topic four", "#endmeeting")
	third.Started = third.Started.Add(40 * time.Second)
	p5, err := WriteMinutes(dir, third, []minutes.Format{minutes.FormatText})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p5[0], "-3.txt") {
		t.Errorf("third meeting at %s", p5)
	}
	if got := files(t, dir); len(got) != 2*len(minutes.AllFormats)+1 {
		t.Errorf("files %q", got)
	}
}

func TestRestrictedPerms(t *testing.T) {
	dir := t.TempDir()
	m := mkMeeting("#c", "x", "#restrictlogs", "#endmeeting")
	if !m.Restricted {
		t.Fatal("not restricted")
	}
	paths, err := WriteMinutes(dir, m, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", p, st.Mode())
		}
	}
}

// TestSymlinkNotFollowed: a symlink where a minutes file would go is
// another meeting's, never written through.
func TestSymlinkNotFollowed(t *testing.T) {
	dir := t.TempDir()
	m := mkMeeting("#c", "x", "#endmeeting")
	target := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(target, []byte("keep"), 0o644)
	sub := filepath.Join(dir, "c", "2026-03-04")
	os.MkdirAll(sub, 0o755)
	if err := os.Symlink(target, filepath.Join(sub, "x.2026-03-04-15.00.txt")); err != nil {
		t.Skip(err)
	}
	paths, err := WriteMinutes(dir, m, minutes.AllFormats)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Error("wrote through a symlink")
	}
	if !strings.HasSuffix(paths[0], "-2.html") {
		t.Errorf("paths %q", paths)
	}
}
