package bus

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

var t0 = time.Date(2026, 5, 6, 14, 0, 0, 0, time.UTC)

// fold runs "nick: text" lines through a session as the recorder does and
// derives the events of each.
func fold(src Source, lines ...string) []Event {
	s := meeting.NewSession(meeting.Config{Channel: src.Channel, Network: src.Network, BotNick: "gavelbot",
		URLBase: "https://meetbot.example.org/", Flavour: meeting.FlavourZodbot})
	var out []Event
	for i, raw := range lines {
		nick, text, _ := strings.Cut(raw, ": ")
		l := meeting.Line{Time: t0.Add(time.Duration(i) * time.Second), Nick: nick, Text: text}
		was := s.Current().Running()
		eff := s.Apply(l)
		out = append(out, Derive(src, Fold{Line: l, WasRunning: was, Meeting: s.Current(), Effects: eff})...)
	}
	return out
}

var script = []string{
	"alice: hello before",
	"alice: #startmeeting Release planning",
	"alice: #chair bob",
	"bob: #topic Schedule",
	"carol: #info beta is ready",
	"carol: I propose we ship on Friday",
	"bob: +1",
	"alice: #agreed ship on Friday",
	"bob: #action carol writes the notes",
	"bob: #idea a codename",
	"bob: #undo",
	"alice: #startvote Codename? fox, owl",
	"bob: #vote fox",
	"alice: #endvote",
	"alice: #link https://example.org/x",
	"alice: #endmeeting",
	"alice: after the meeting",
}

func TestDeriveTopics(t *testing.T) {
	src := Source{Network: "libera", Channel: "#fedora-meeting"}
	evs := fold(src, script...)
	var got []string
	for _, e := range evs {
		got = append(got, e.Topic)
	}
	want := []string{
		TopicStart, TopicTopicUpdate, "meetbot.meeting.item.info", "meetbot.meeting.item.agreed",
		"meetbot.meeting.item.action", "meetbot.meeting.item.idea", TopicRemoved, TopicVote,
		"meetbot.meeting.item.link", TopicComplete,
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("topics\n got %v\nwant %v", got, want)
	}

	bodies := map[string]Body{}
	for _, e := range evs {
		var b Body
		if err := json.Unmarshal(e.Body, &b); err != nil {
			t.Fatal(err)
		}
		bodies[e.Topic] = b
	}
	tests := []struct {
		topic string
		check func(Body) string
	}{
		{TopicStart, func(b Body) string {
			return fmt.Sprintln(b.Owner, b.Chairs, b.MeetingTopic, b.Channel, b.Details["line"], b.Details["nick"], b.Details["time_"], b.URL)
		}},
		{TopicTopicUpdate, func(b Body) string { return fmt.Sprintln(b.Topic, b.Chairs, b.Details["line"], b.Details["nick"]) }},
		{"meetbot.meeting.item.agreed", func(b Body) string { return fmt.Sprintln(b.Details["line"], b.Details["tally"]) }},
		{"meetbot.meeting.item.action", func(b Body) string { return fmt.Sprintln(b.Details["line"], b.Details["owners"]) }},
		{TopicRemoved, func(b Body) string { return fmt.Sprintln(b.Details["item"]) }},
		{TopicVote, func(b Body) string {
			return fmt.Sprintln(b.Details["question"], b.Details["outcome"], b.Details["results"])
		}},
		{TopicComplete, func(b Body) string { return fmt.Sprintln(b.Attendees, b.Topic, b.Details["nick"]) }},
	}
	wants := map[string]string{
		TopicStart:                    "alice map[alice:true] Release planning #fedora-meeting Release planning alice 1.778076001e+09 https://meetbot.example.org/fedora-meeting/2026-05-06/release_planning.2026-05-06-14.00",
		TopicTopicUpdate:              "Schedule map[alice:true bob:true] Schedule bob",
		"meetbot.meeting.item.agreed": "ship on Friday map[+1:1 -1:0 0:0 voters:map[bob:+1]]",
		"meetbot.meeting.item.action": "carol writes the notes [carol]",
		TopicRemoved:                  "map[line:a codename nick:bob type:idea]",
		TopicVote:                     "Codename fox [map[count:1 option:fox] map[count:0 option:owl]]",
		TopicComplete:                 "map[alice:7 bob:6 carol:2] Schedule alice",
	}
	for _, tc := range tests {
		if got := strings.TrimSpace(tc.check(bodies[tc.topic])); got != wants[tc.topic] {
			t.Errorf("%s:\n got %s\nwant %s", tc.topic, got, wants[tc.topic])
		}
	}
}

// TestDeriveIDs: folding the same lines again gives the same ids (a journal
// replay regenerates them); every event has its own; another channel or
// meeting start gives other ids.
func TestDeriveIDs(t *testing.T) {
	src := Source{Network: "libera", Channel: "#a"}
	a, b := fold(src, script...), fold(src, script...)
	other := fold(Source{Network: "libera", Channel: "#b"}, script...)
	seen := map[string]bool{}
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Fatalf("event %d: id %s then %s", i, a[i].ID, b[i].ID)
		}
		if seen[a[i].ID] {
			t.Fatalf("event %d: id %s used twice", i, a[i].ID)
		}
		seen[a[i].ID] = true
		if a[i].ID == other[i].ID {
			t.Fatalf("event %d: same id in two channels", i)
		}
	}
	late := fold(src, append([]string{"x: y"}, script...)...) // everything a second later
	if late[0].ID == a[0].ID {
		t.Fatal("a meeting started at another time got the same start id")
	}
}

func TestWire(t *testing.T) {
	ev := Event{ID: "id1", Topic: TopicStart, Body: json.RawMessage(`{"a":1}`), Users: []string{"alice", "bob"}}
	tests := []struct {
		prefix, key string
	}{
		{"", "meetbot.meeting.start"},
		{"org.fedoraproject.prod", "org.fedoraproject.prod.meetbot.meeting.start"},
		{"org.fedoraproject.prod.", "org.fedoraproject.prod.meetbot.meeting.start"},
	}
	for _, tc := range tests {
		if got := (Wire{Prefix: tc.prefix}).RoutingKey(ev.Topic); got != tc.key {
			t.Errorf("prefix %q: key %q, want %q", tc.prefix, got, tc.key)
		}
	}
	line, err := Wire{Prefix: "p"}.JSONLine(ev, time.Date(2026, 1, 2, 3, 4, 5, 600, time.FixedZone("x", 3600)))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"message_id":"id1","routing_key":"p.meetbot.meeting.start","headers":{"fedora_messaging_schema":"base.message","fedora_messaging_severity":20,"fedora_messaging_user_alice":true,"fedora_messaging_user_bob":true,"sent-at":"2026-01-02T02:04:05+00:00"},"body":{"a":1}}` + "\n"
	if string(line) != want {
		t.Fatalf("line\n got %s\nwant %s", line, want)
	}
}
