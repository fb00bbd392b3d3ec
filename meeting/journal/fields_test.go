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

// TestGapFieldsRoundTrip: msgid, the recovered flag and gap records survive
// the journal, and a journal written before these fields existed still
// reads (the fields are optional).
func TestGapFieldsRoundTrip(t *testing.T) {
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	in := []meeting.Line{
		{Time: t0, Nick: "alice", Text: "#startmeeting", MsgID: "001~1~1"},
		{Time: t0.Add(20 * time.Second), Kind: meeting.Gap, From: t0.Add(time.Second)},
		{Time: t0.Add(20 * time.Second), Kind: meeting.GapFilled},
		{Time: t0.Add(5 * time.Second), Nick: "bob", Text: "said while we were away", MsgID: "001~1~2", Recovered: true},
	}
	p := filepath.Join(t.TempDir(), "c.jsonl")
	j, _, err := Open(p, Header{Channel: "#c"})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Append(in...); err != nil {
		t.Fatal(err)
	}
	j.Close()
	_, got, err := ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, in)
	}

	old := filepath.Join(t.TempDir(), "old.jsonl")
	os.WriteFile(old, []byte(strings.Join([]string{
		`{"gavel_journal":1,"channel":"#c"}`,
		`{"t":"2026-05-01T12:00:00Z","n":"alice","k":"message","x":"hi"}`, ""}, "\n")), 0o600)
	_, got, err = ReadFile(old)
	if err != nil || len(got) != 1 || got[0].MsgID != "" || got[0].Recovered || !got[0].From.IsZero() {
		t.Fatalf("old journal: %+v %v", got, err)
	}
}
