package meeting

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzApply feeds arbitrary lines to the engine. Each input line is
// "nick<TAB>text"; a leading '*' on the nick makes it an action and a
// leading '!' a nick change. Nothing may panic, and the minutes must stay
// self-consistent.
func FuzzApply(f *testing.F) {
	f.Add("alice\t#startmeeting x\nbob\t#info hi\nalice\t#chair bob\nbob\t#undo\nalice\t#endmeeting")
	f.Add("alice\t#startmeeting\nalice\t#startvote Q? a, b\nbob\t#vote a\nalice\t#endvote\ncarol\t+1\nalice\t#agreed x")
	f.Add("a\t#startmeeting\na\t#vote m\nb\t+1 yes\n!b\tc\nc\t#vote -1\na\t#voters c\na\t#votesrequired 9\na\t#endmeeting")
	f.Add("a\t[TOPIC] x\na\t#startmeeting\n*a\t#info no\na\thttp://x\na\t#meetingname ../../x\na\t#undo\na\t#undo")
	f.Fuzz(func(t *testing.T, data string) {
		m := New(Config{Channel: "#c", BotNick: "bot"})
		at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, raw := range strings.Split(data, "\n") {
			nick, text, _ := strings.Cut(raw, "\t")
			l := Line{Time: at, Nick: nick, Text: text}
			switch {
			case strings.HasPrefix(nick, "*"):
				l.Kind, l.Nick = Action, nick[1:]
			case strings.HasPrefix(nick, "!"):
				l.Kind, l.Nick = NickChange, nick[1:]
			}
			m.Apply(l)
			at = at.Add(7 * time.Second)
		}
		min := m.Minutes()
		total := 0
		for _, p := range min.People {
			total += p.Lines
		}
		if total != min.Log.Len() {
			t.Fatalf("people count %d lines, log has %d", total, min.Log.Len())
		}
		for _, it := range min.AllItems() {
			if it.Line < 1 || it.Line > min.Log.Len() {
				t.Fatalf("item %v points at line %d of %d", it, it.Line, min.Log.Len())
			}
			if tl := it.Tally; tl != nil && tl.Plus+tl.Zero+tl.Minus != len(tl.Voters) {
				t.Fatalf("tally %+v does not add up", tl)
			}
		}
		if m.Running() && len(m.Chairs()) == 0 {
			t.Fatal("a running meeting lost its owner")
		}
		if _, err := json.Marshal(min); err != nil {
			t.Fatal(err)
		}
	})
}
