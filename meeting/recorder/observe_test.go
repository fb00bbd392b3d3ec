package recorder

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

// TestObserve: Observe sees every live line once, then every journaled line
// again when the recorder is opened after a crash — so events derived from
// the fold are derived again — and sees #endmeeting while its journal is
// still in place (before the rotation).
func TestObserve(t *testing.T) {
	dir := t.TempDir()
	var seen []string
	var journalAtEnd bool
	var r *Recorder
	observe := func(l meeting.Line, was bool, m *meeting.Meeting, eff []meeting.Effect) error {
		seen = append(seen, fmt.Sprintf("%s/%v/%v", l.Text, was, m.Running()))
		if l.Text == "#endmeeting" {
			_, err := os.Stat(r.JournalPath())
			journalAtEnd = err == nil
		}
		return nil
	}
	openR := func() *Recorder {
		var err error
		r, err = Open(Config{Network: "test", Channel: "#c", BotNick: "gavel", JournalDir: dir, Observe: observe}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r = openR()
	for i, text := range []string{"hi", "#startmeeting x", "#info a"} {
		if _, err := r.Record(msg(i, "alice", text)); err != nil {
			t.Fatal(err)
		}
	}
	live := strings.Join(seen, " ")
	if live != "hi/false/false #startmeeting x/false/true #info a/true/true" {
		t.Fatalf("live: %s", live)
	}
	r.Close() // a crash: the meeting stays in the journal
	seen = nil
	r = openR()
	if got := strings.Join(seen, " "); got != live {
		t.Fatalf("replayed %q, want %q", got, live)
	}
	if _, err := r.Record(msg(9, "alice", "#endmeeting")); err != nil {
		t.Fatal(err)
	}
	if !journalAtEnd {
		t.Fatal("#endmeeting was observed after the journal rotated")
	}
	r.Close()
}
