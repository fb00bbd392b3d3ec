package journal

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

func sample() []meeting.Line {
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	return []meeting.Line{
		{Time: t0, Nick: "alice", Account: "alice", Text: "#startmeeting x"},
		{Time: t0.Add(time.Second), Nick: "bob", Kind: meeting.Action, Text: "waves \x1b[31m"},
		{Time: t0.Add(2 * time.Second), Nick: "bob", Kind: meeting.NickChange, Text: "robert"},
		{Time: t0.Add(3 * time.Second), Nick: "robert", Text: "line with \"quotes\" and\ttab"},
	}
}

func TestAppendReopenReplay(t *testing.T) {
	p := PathFor(t.TempDir(), "libera", "#Gavel")
	j, old, err := Open(p, Header{Network: "libera", Channel: "#Gavel", BotNick: "gv"})
	if err != nil || len(old) != 0 {
		t.Fatalf("open: %v %v", old, err)
	}
	in := sample()
	if err := j.Append(in[:1]...); err != nil {
		t.Fatal(err)
	}
	if err := j.Append(in[1:]...); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j2, got, err := Open(p, Header{Channel: "ignored"})
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("replayed\n%+v\nwant\n%+v", got, in)
	}
	if h := j2.Header(); h.Channel != "#Gavel" || h.BotNick != "gv" {
		t.Fatalf("header %+v", h)
	}
}

func TestTornLastLineIsDropped(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.jsonl")
	j, _, _ := Open(p, Header{Channel: "#c"})
	in := sample()
	j.Append(in...)
	j.Close()
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"t":"2026-05-01T12:00:09Z","n":"car`)
	f.Close()
	j2, got, err := Open(p, Header{})
	if err != nil || len(got) != len(in) {
		t.Fatalf("got %d lines, err %v", len(got), err)
	}
	// appending after recovery must produce a clean file
	j2.Append(in[0])
	j2.Close()
	_, all, err := ReadFile(p)
	if err != nil || len(all) != len(in)+1 {
		t.Fatalf("after recovery: %d lines, %v", len(all), err)
	}
}

func TestPathForStaysInside(t *testing.T) {
	dir := "/base"
	for _, c := range []string{"#../../etc", "../x", "#a/b", "\x00", "", strings.Repeat("x", 5000), "#ünï"} {
		p := PathFor(dir, "net/../..", c)
		rel, err := filepath.Rel(dir, p)
		if err != nil || strings.HasPrefix(rel, "..") || strings.Count(rel, string(filepath.Separator)) != 1 {
			t.Errorf("PathFor(%q) = %q escapes", c, p)
		}
		if len(filepath.Base(p)) > 120 {
			t.Errorf("PathFor(%q) too long: %d", c, len(filepath.Base(p)))
		}
	}
}

func BenchmarkAppendFsync(b *testing.B) {
	j, _, _ := Open(filepath.Join(b.TempDir(), "b.jsonl"), Header{Channel: "#c"})
	defer j.Close()
	l := sample()[3]
	for b.Loop() {
		j.Append(l)
	}
}
