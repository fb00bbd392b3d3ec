package synth

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

func TestMeetBotLog(t *testing.T) {
	for _, n := range []int{0, 11, 12, 500, 5000} {
		var a, b bytes.Buffer
		if err := MeetBotLog(&a, n, 42); err != nil {
			t.Fatal(err)
		}
		if err := MeetBotLog(&b, n, 42); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("n=%d: not deterministic", n)
		}
		want := max(n, minGenLines)
		if bytes.HasSuffix(a.Bytes(), []byte("\n")) {
			t.Errorf("n=%d: trailing newline", n)
		}
		r := importer.New(bytes.NewReader(a.Bytes()), importer.Options{})
		var lines []meeting.Line
		for r.Next() {
			lines = append(lines, r.Line())
		}
		if r.Err() != nil || r.Format() != importer.MeetBotText || !r.DateKnown() {
			t.Fatalf("n=%d: err %v format %v date %v", n, r.Err(), r.Format(), r.DateKnown())
		}
		if len(lines) != want {
			t.Fatalf("n=%d: parsed %d lines, want %d", n, len(lines), want)
		}
		if !strings.HasPrefix(lines[0].Text, "#startmeeting ") || lines[len(lines)-5].Text != "#endmeeting" {
			t.Errorf("n=%d: first %q, end %q", n, lines[0].Text, lines[len(lines)-5].Text)
		}
		for i := 1; i < len(lines); i++ {
			if lines[i].Time.Before(lines[i-1].Time) {
				t.Fatalf("n=%d: time goes back at line %d", n, i)
			}
		}
		if n < 5000 {
			continue
		}
		count := map[string]int{}
		speakers := map[string]bool{}
		for _, l := range lines {
			speakers[l.Nick] = true
			if l.Kind == meeting.Action {
				count["/me"]++
				continue
			}
			cmd, _, _ := strings.Cut(l.Text, " ")
			count[cmd]++
		}
		for _, c := range []string{"#topic", "#info", "#action", "#agreed", "#link", "#idea", "+1", "/me", "#chair"} {
			if count[c] == 0 {
				t.Errorf("no %s in %d lines", c, n)
			}
		}
		if count["#topic"] < n/250 || count["#topic"] > n/150+1 {
			t.Errorf("%d topics in %d lines", count["#topic"], n)
		}
		if len(speakers) < 11 || len(speakers) > 41 { // speakers plus the bot
			t.Errorf("%d nicks", len(speakers))
		}
	}
	var c bytes.Buffer
	MeetBotLog(&c, 500, 43)
	var d bytes.Buffer
	MeetBotLog(&d, 500, 42)
	if bytes.Equal(c.Bytes(), d.Bytes()) {
		t.Error("seed ignored")
	}
}
