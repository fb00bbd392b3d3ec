package minutes

import (
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer/synth"
)

// TestJSONMatchesEncodingJSON: the streaming writer produces exactly the
// document encoding/json would, field for field.
func TestJSONMatchesEncodingJSON(t *testing.T) {
	m := meeting.New(meeting.Config{Channel: "#c"})
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i, s := range []string{"#startmeeting <b>&", "#topic T", "propose x", "+1", "#agreed x", "#action bob \x1b[31m", "#startvote Q? a, b", "#vote a", "#endvote", "#endmeeting"} {
		m.Apply(meeting.Line{Time: at.Add(time.Duration(i) * time.Second), Nick: "bob", Text: s})
	}
	min := m.Minutes()
	var streamed bytes.Buffer
	if err := JSON(&streamed, min); err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	if err := json.Unmarshal(streamed.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, streamed.String())
	}
	plain, _ := json.Marshal(min)
	json.Unmarshal(plain, &want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("streamed JSON differs:\n%s\nwant\n%s", streamed.String(), plain)
	}
	for _, key := range []string{"channel", "name", "meeting_topic", "owner", "started", "ended", "chairs", "topics", "prologue", "actions", "votes", "people"} {
		if _, ok := got[key]; !ok {
			t.Errorf("missing key %q", key)
		}
	}
	if bytes.Contains(streamed.Bytes(), []byte("\\u003c")) {
		t.Error("HTML characters escaped")
	}
}

// jsonReference is the JSON document as encoding/json writes every
// element: what JSON's hand-written encoders (jsonfast.go) must match
// byte for byte.
func jsonReference(m *meeting.Minutes) ([]byte, error) {
	var out bytes.Buffer
	err := writeJSON(&out, m, false)
	return out.Bytes(), err
}

// hostileStrings are texts that exercise every escaping rule.
var hostileStrings = []string{
	"", "plain", `say "hi" \ there`, "<b>&amp;</b>", "tab\there\nnew\rline", "\x00\x01\x08\x0c\x1b[31m\x1f\x7f",
	"caf\xe9 latin-1", "\xff\xfe", "line\u2028sep\u2029para", "日本語 ✓ 🎉", "\xc2\x85 C1", "trailing \\",
}

// TestJSONFastMatchesReference: topics, items, actions and people written
// by hand come out exactly as encoding/json writes them, for hostile
// text, every optional field, nil and empty lists, a generated meeting
// and a time encoding/json refuses.
func TestJSONFastMatchesReference(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 600, time.FixedZone("X", -3*3600-1800))
	var cases []*meeting.Minutes
	for _, s := range hostileStrings {
		tally := &meeting.TallyResult{Subject: s, Plus: 2, Minus: 1, Voters: map[string]string{s: "+1", "b": "-1"}}
		vote := &meeting.Vote{Question: s, Options: []string{s, "b"}, Voters: map[string]string{s: s}, Time: at}
		items := []meeting.Item{
			{Type: meeting.TypeInfo, Text: s, Nick: s, Time: at, Line: 3},
			{Type: meeting.TypeAgreed, Text: s, Nick: "n", Time: at.UTC(), Line: 4, Tally: tally},
			{Type: meeting.TypeVote, Text: s, Nick: "n", Time: at, Vote: vote, Owners: []string{}},
			{Type: meeting.TypeAction, Text: s, Nick: "n", Time: at, Owners: []string{s, "bob"},
				Amendments: []meeting.AmendMark{{Op: "edit", By: s, At: at, Why: s}}},
		}
		cases = append(cases, &meeting.Minutes{
			Channel: "#c", Name: s, Started: at, Chairs: []string{s},
			Prologue: items[:1],
			Topics:   []meeting.Topic{{Title: s, Nick: s, Time: at, Line: 1, Items: items}, {Title: "empty", Items: nil}, {Title: "none", Items: []meeting.Item{}}},
			Actions:  []meeting.ActionItem{{Text: s, Nick: s, Time: at, Owners: nil}, {Text: s, Owners: []string{}}, {Text: s, Owners: []string{s}}},
			People:   []meeting.Person{{Nick: s, Lines: 7}},
		})
	}
	var log bytes.Buffer
	if err := synth.MeetBotLog(&log, 20_000, 3); err != nil {
		t.Fatal(err)
	}
	cases = append(cases, importFold(t, bytes.NewReader(log.Bytes()), "x.2026-01-01-10.00.log.txt", "#x")...)
	for i, m := range cases {
		want, werr := jsonReference(m)
		var got bytes.Buffer
		gerr := JSON(&got, m)
		if werr != nil || gerr != nil {
			t.Fatalf("case %d: errors %v and %v", i, gerr, werr)
		}
		if !bytes.Equal(got.Bytes(), want) {
			g, w := got.String(), string(want)
			n := 0
			for n < len(g) && n < len(w) && g[n] == w[n] {
				n++
			}
			t.Fatalf("case %d differs at byte %d:\ngot  %q\nwant %q", i, n, g[max(0, n-80):min(len(g), n+80)], w[max(0, n-80):min(len(w), n+80)])
		}
	}
	// A year encoding/json refuses: the same error, not a document.
	bad := &meeting.Minutes{Topics: []meeting.Topic{{Title: "t", Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}}
	_, werr := jsonReference(bad)
	gerr := JSON(io.Discard, bad)
	if werr == nil || gerr == nil || gerr.Error() != werr.Error() {
		t.Fatalf("year 10000: got error %v, want %v", gerr, werr)
	}
}

// FuzzJSONString: any string is written as encoding/json writes it.
func FuzzJSONString(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		want := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}
