package meeting

import (
	"encoding/json"
	"time"
)

// ItemType is MeetBot's upper-case name for a minutes item.
type ItemType string

// The item types MeetBot writes, plus VOTE for vote results.
const (
	TypeTopic    ItemType = "TOPIC"
	TypeInfo     ItemType = "INFO"
	TypeIdea     ItemType = "IDEA"
	TypeAgreed   ItemType = "AGREED"
	TypeAccepted ItemType = "ACCEPTED"
	TypeRejected ItemType = "REJECTED"
	TypeAction   ItemType = "ACTION"
	TypeLink     ItemType = "LINK"
	TypeHelp     ItemType = "HELP"
	TypeVote     ItemType = "VOTE"
)

// Minutes is a finished (or in-progress) meeting as renderers see it: plain
// data, detached from the engine, safe to hand to another goroutine.
type Minutes struct {
	Channel      string     `json:"channel"`
	Network      string     `json:"network,omitempty"`
	Name         string     `json:"name"`
	MeetingTopic string     `json:"meeting_topic"`
	Owner        string     `json:"owner"`
	Started      time.Time  `json:"started"`
	Ended        *time.Time `json:"ended"`
	// Finished is false when the log stops before #endmeeting; Ended then
	// holds the last line's time.
	Finished bool `json:"finished"`
	// Amended counts the amendment records (see Amend) applied to these
	// minutes, so an interrupted amendment is finished on the next one.
	Amended    int          `json:"amended,omitempty"`
	Restricted bool         `json:"restricted,omitempty"`
	Chairs     []string     `json:"chairs"`
	Prologue   []Item       `json:"prologue"`
	Topics     []Topic      `json:"topics"`
	Actions    []ActionItem `json:"actions"`
	Votes      []Vote       `json:"votes"`
	People     []Person     `json:"people"`
	// Flavour is the bot whose minutes layout the renderers follow.
	Flavour Flavour `json:"flavour,omitempty"`
	// Layout is the archive's file name pattern (empty: zodbot's).
	Layout string `json:"layout,omitempty"`
	// URLBase is where the archive is published (MeetBot's
	// logUrlPrefix); the .txt minutes quote the log's URL under it.
	URLBase string `json:"url_base,omitempty"`
	// Gaps are the stretches the recorder did not see live (see GapNote).
	Gaps []GapNote `json:"gaps,omitempty"`
	// Log is the meeting log: every line said from #startmeeting on, the
	// recorder's own included. Item.Line indexes it from 1.
	Log Log `json:"-"`
}

// Topic is a #topic and the items recorded under it.
type Topic struct {
	Title string    `json:"title"`
	Nick  string    `json:"nick"`
	Time  time.Time `json:"time"`
	Line  int       `json:"line"`
	Items []Item    `json:"items"`
}

// Item is one minutes entry.
type Item struct {
	Type ItemType  `json:"type"`
	Text string    `json:"text"`
	Nick string    `json:"nick"`
	Time time.Time `json:"time"`
	// Line is the 1-based number of the log line that made the item.
	Line   int          `json:"line"`
	Tally  *TallyResult `json:"tally,omitempty"`
	Vote   *Vote        `json:"vote,omitempty"`
	Owners []string     `json:"owners,omitempty"`
	// Amendments are the corrections made to the item after the meeting
	// (see Amend); its Text carries their visible notes.
	Amendments []AmendMark `json:"amendments,omitempty"`
}

// ActionItem is an #action with the people it was attributed to. No owners
// means UNASSIGNED.
type ActionItem struct {
	Text   string    `json:"text"`
	Nick   string    `json:"nick"`
	Time   time.Time `json:"time"`
	Line   int       `json:"line"`
	Owners []string  `json:"owners"`
}

// Vote is the result of a formal vote: an OpenStack #startvote (options) or
// a meetingology #vote motion (+1/-1/0).
type Vote struct {
	Question string   `json:"question"`
	Options  []string `json:"options"`
	// Results counts the latest vote of each voter per option, in Options
	// order.
	Results []OptionCount     `json:"results"`
	Voters  map[string]string `json:"voters"`
	// Outcome is "Carried"/"Denied" for motions and the winning option(s)
	// (or "Tied", "No votes") for option votes.
	Outcome string    `json:"outcome"`
	Nick    string    `json:"nick"`
	Time    time.Time `json:"time"`
	Line    int       `json:"line"`
	Closed  bool      `json:"closed"`
}

// OptionCount is one option of a vote with its count.
type OptionCount struct {
	Option string `json:"option"`
	Count  int    `json:"count"`
}

// Person is someone present and the number of lines they said.
type Person struct {
	Nick  string `json:"nick"`
	Lines int    `json:"lines"`
}

// TallyResult is an informal +1/0/-1 count, as attached to an agreed item
// or shown live.
type TallyResult struct {
	// Subject is the line that opened the tally (a proposal, a #topic …).
	Subject string    `json:"subject,omitempty"`
	Nick    string    `json:"-"`
	Time    time.Time `json:"-"`
	Plus    int       `json:"+1"`
	Zero    int       `json:"0"`
	Minus   int       `json:"-1"`
	// Voters maps nick to "+1", "0" or "-1"; VoterOrder is first-vote order.
	Voters     map[string]string `json:"voters"`
	VoterOrder []string          `json:"-"`
	Open       bool              `json:"-"`
}

// MarshalJSON keeps the tally in the documented shape
// {"+1": n, "0": n, "-1": n, "voters": {...}}.
func (t TallyResult) MarshalJSON() ([]byte, error) {
	type wire struct {
		Plus   int               `json:"+1"`
		Zero   int               `json:"0"`
		Minus  int               `json:"-1"`
		Voters map[string]string `json:"voters"`
	}
	v := t.Voters
	if v == nil {
		v = map[string]string{}
	}
	return json.Marshal(wire{t.Plus, t.Zero, t.Minus, v})
}

// AllItems lists prologue and topic items in minutes order, each topic
// first as a TOPIC item.
func (m *Minutes) AllItems() []Item {
	out := append([]Item(nil), m.Prologue...)
	for _, t := range m.Topics {
		out = append(out, Item{Type: TypeTopic, Text: t.Title, Nick: t.Nick, Time: t.Time, Line: t.Line})
		out = append(out, t.Items...)
	}
	return out
}
