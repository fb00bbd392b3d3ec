package bus

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/minutes"
)

// Source says where events come from.
type Source struct {
	Network, Channel string
}

// Fold is what one line did to a meeting, as the recorder saw it.
type Fold struct {
	Line meeting.Line
	// WasRunning is whether the channel's meeting was running before the
	// line; Meeting is the meeting the line went to (after it).
	WasRunning bool
	Meeting    *meeting.Meeting
	Effects    []meeting.Effect
}

// Topics, after the prefix.
const (
	TopicStart       = "meetbot.meeting.start"
	TopicComplete    = "meetbot.meeting.complete"
	TopicTopicUpdate = "meetbot.meeting.topic.update"
	topicItem        = "meetbot.meeting.item."
	TopicVote        = topicItem + "vote"
	TopicRemoved     = topicItem + "removed"
)

// namespace is the UUIDv5 name space of gavel's message ids.
var namespace = uuid.MustParse("6f1b7a52-4d0e-5c1a-9b7e-0a6176656c00")

// Derive turns one folded line into events, in the order they happened.
// It is pure: the same fold always gives the same events with the same ids.
func Derive(src Source, f Fold) []Event {
	m := f.Meeting
	if m == nil {
		return nil
	}
	started := !f.WasRunning && m.Running() && m.Log().Len() == 1
	var kinds []any
	if started {
		kinds = append(kinds, "start")
	}
	for _, e := range f.Effects {
		switch e := e.(type) {
		case meeting.Recorded:
			kinds = append(kinds, e)
		case meeting.Removed:
			kinds = append(kinds, e)
		case meeting.WriteFiles:
			if e.Final {
				kinds = append(kinds, e)
			}
		}
	}
	if len(kinds) == 0 {
		return nil
	}
	base := body(src, m)
	lineNo := m.Log().Len()
	var out []Event
	for k, kind := range kinds {
		b := base
		var topic string
		var who []string
		switch e := kind.(type) {
		case string:
			topic = TopicStart
			b.Details = details(f.Line, meetingArg(f.Line.Text))
			who = append(who, m.Chairs()...)
		case meeting.WriteFiles:
			topic = TopicComplete
			b.Details = details(f.Line, "")
			who = append(who, m.Chairs()...)
		case meeting.Recorded:
			it := e.Item
			if now, ok := m.ItemOfLine(it.Line, it.Type); ok {
				it = now // with its tally, vote result and owners
			}
			topic, b.Details = itemDetails(f.Line, it)
			who = append(who, it.Owners...)
		case meeting.Removed:
			topic = TopicRemoved
			b.Details = details(f.Line, "")
			b.Details["item"] = removedItem(e.Item)
		}
		who = append(who, f.Line.Nick)
		data, err := json.Marshal(b)
		if err != nil { // maps of strings and numbers always marshal
			panic(err)
		}
		out = append(out, Event{ID: MessageID(src, m.Started(), lineNo, k, topic), Topic: topic, Body: data, Users: users(who...)})
	}
	return out
}

// MessageID is the deterministic message_id of the k-th event of the
// meeting's line lineNo.
func MessageID(src Source, started time.Time, lineNo, k int, topic string) string {
	name := strings.Join([]string{src.Network, src.Channel, started.UTC().Format(time.RFC3339Nano),
		strconv.Itoa(lineNo), strconv.Itoa(k), topic}, "\x00")
	return uuid.NewSHA1(namespace, []byte(name)).String()
}

// body is zodbot's body for the meeting as it stands; it reads the
// meeting's accessors only, never a whole minutes snapshot, so an event
// costs the same late in a long meeting as early.
func body(src Source, m *meeting.Meeting) Body {
	b := Body{Owner: m.Owner(), Chairs: map[string]bool{}, Attendees: map[string]int{},
		MeetingTopic: m.MeetingTopic(), Channel: src.Channel}
	for _, c := range m.Chairs() {
		b.Chairs[c] = true
	}
	b.Chairs[m.Owner()] = true
	for _, p := range m.People() {
		b.Attendees[p.Nick] = p.Lines
	}
	if t, ok := m.CurrentTopic(); ok {
		b.Topic = t.Text
	}
	cfg := m.Config()
	b.URL = minutes.BaseURL(&meeting.Minutes{Channel: cfg.Channel, Network: cfg.Network, Name: m.Name(),
		Started: m.Started(), Layout: cfg.Layout, URLBase: cfg.URLBase})
	return b
}

// details are zodbot's common details: who, the command's argument, when.
func details(l meeting.Line, arg string) map[string]any {
	return map[string]any{"nick": l.Nick, "line": arg, "time_": float64(l.Time.UnixNano()) / 1e9}
}

// meetingArg is the argument of a #command line ("" without one).
func meetingArg(text string) string {
	_, arg, _ := strings.Cut(strings.TrimSpace(text), " ")
	return strings.TrimSpace(arg)
}

func itemDetails(l meeting.Line, it meeting.Item) (string, map[string]any) {
	d := details(l, it.Text)
	switch it.Type {
	case meeting.TypeTopic:
		return TopicTopicUpdate, d
	case meeting.TypeVote:
		if v := it.Vote; v != nil {
			d["question"], d["options"], d["results"], d["outcome"] = v.Question, v.Options, v.Results, v.Outcome
		}
		return TopicVote, d
	case meeting.TypeAction:
		d["owners"] = it.Owners
	}
	if it.Tally != nil {
		d["tally"] = it.Tally
	}
	return topicItem + strings.ToLower(string(it.Type)), d
}

// removedItem describes a removed item.
func removedItem(it meeting.Item) map[string]any {
	return map[string]any{"type": strings.ToLower(string(it.Type)), "line": it.Text, "nick": it.Nick}
}
