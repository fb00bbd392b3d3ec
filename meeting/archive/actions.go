package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/gavel-irc/gavel/meeting/plaintext"
)

// Action is an action item followed across the meetings of one series
// (same channel and meeting name). The same text for the same owners
// again in a later meeting of the series is the same item: text is
// compared normalised (case, white space and punctuation ignored, see
// Normalize).
//
// An item is done when it was closed after its last mention: by hand
// (MarkDone, kept in .gavel-actions.json), or by a line of a meeting of
// the series, "#done TEXT" or "#action done: TEXT", whose normalised TEXT
// is the item's (or whose TEXT is the item's ID). Mentioned again after
// its closing, it is open again.
type Action struct {
	ID      string   `json:"id"`
	Channel string   `json:"channel"`
	Name    string   `json:"name"`
	Text    string   `json:"text"`
	Owners  []string `json:"owners"`
	// First and Last are the start times of the first and the latest
	// meeting that recorded the item; Meetings counts them.
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
	Meetings int       `json:"meetings"`
	// Meeting is the base path of the latest meeting that recorded it,
	// Line the item's line in that meeting's log.
	Meeting   string     `json:"meeting"`
	MeetingID int64      `json:"-"`
	Line      int        `json:"line"`
	Done      bool       `json:"done"`
	DoneAt    *time.Time `json:"done_at,omitempty"`
	DoneBy    string     `json:"done_by,omitempty"`
	// DoneIn is the meeting whose #done line closed it; empty when it was
	// closed by hand.
	DoneIn string `json:"done_in,omitempty"`

	series string // for a closing by hand's record
}

// ActionFilter selects action items. Zero fields select everything.
type ActionFilter struct {
	Who     string // an owner (case-insensitive)
	Channel string
	Name    string
	Open    bool // only open items
	Done    bool // only done items
	// MeetingID keeps the items recorded in that meeting.
	MeetingID int64
	// ID keeps the item with this ID.
	ID string
	// Limit is how many items at most; 0 means all.
	Limit int
	// Newest lists the newest first (by first mention), not the oldest.
	Newest bool
}

// Series is the key of a meeting series: channel and name, lower-cased.
func Series(channel, name string) string {
	return strings.ToLower(channel) + " " + strings.ToLower(name)
}

// Normalize is the form action texts are compared in: lower case, every
// run of characters other than letters and digits one space, trimmed.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		space = true
	}
	return b.String()
}

// ActionID is an action item's stable identity: 10 hex digits of a hash
// of its series, normalised text and owners. Owners are lower-cased here,
// not folded with meeting.FoldNick: ids are written down (closings in
// .gavel-actions.json, people's notes) and must never change.
func ActionID(series, norm string, owners []string) string {
	o := make([]string, len(owners))
	for i, x := range owners {
		o[i] = strings.ToLower(x)
	}
	slices.Sort(o)
	sum := sha256.Sum256([]byte(series + "\x00" + norm + "\x00" + strings.Join(o, ",")))
	return hex.EncodeToString(sum[:5])
}

// doneText recognises an #action whose text is "done: TEXT" (the
// "#action done: …" convention) and returns TEXT.
func doneText(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if len(t) >= 5 && strings.EqualFold(t[:5], "done:") {
		return strings.TrimSpace(t[5:]), true
	}
	return "", false
}

// hashDone recognises a "#done TEXT" line (also "#done: TEXT").
func hashDone(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if len(t) < 6 || !strings.EqualFold(t[:5], "#done") || (t[5] != ' ' && t[5] != ':' && t[5] != '\t') {
		return "", false
	}
	return strings.TrimSpace(strings.TrimLeft(t[5:], ":")), true
}

// idIn returns TEXT when it is an action ID (10 hex digits, '#' allowed
// in front), else "".
func idIn(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(s) != 10 {
		return ""
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return ""
		}
	}
	return s
}

// PreviousMeeting is the latest meeting in channel (and of that name,
// when name is not empty) that started before before (any time when
// before is zero). It returns nil, nil when there is none.
func (a *Archive) PreviousMeeting(ctx context.Context, channel, name string, before time.Time) (*Meeting, error) {
	lim := int64(1 << 62)
	if !before.IsZero() {
		lim = before.Unix()
	}
	ms, err := a.queryMeetings(ctx, `WHERE lchannel = ? AND (? = '' OR lname = ?) AND started < ? ORDER BY started DESC, id DESC LIMIT 1`,
		strings.ToLower(channel), strings.ToLower(name), strings.ToLower(name), lim)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return &ms[0], nil
}

// OpenSinceLast is "since last meeting": the previous meeting of a series
// (see PreviousMeeting) and the action items recorded in it that are
// still open. The chair view offers them when a meeting of the series
// starts; `gavel actions --last` prints them with PasteLines.
func (a *Archive) OpenSinceLast(ctx context.Context, channel, name string, before time.Time) (*Meeting, []Action, error) {
	m, err := a.PreviousMeeting(ctx, channel, name, before)
	if err != nil || m == nil {
		return m, nil, err
	}
	acts, err := a.Actions(ctx, ActionFilter{Channel: m.Channel, Name: m.Name, MeetingID: m.ID, Open: true})
	return m, acts, err
}

// PasteLines turns open items into lines a chair pastes into the next
// meeting: an #info line naming the previous meeting, then one #action
// per item (recording it again carries it over; its ID stays the same).
// Text is sanitised (plaintext.Plain) and kept on one line.
func PasteLines(m *Meeting, acts []Action) []string {
	if m == nil {
		return nil
	}
	var out []string
	if len(acts) == 0 {
		out = append(out, fmt.Sprintf("#info No open action items from the last meeting (%s, %s)",
			plaintext.Plain(m.Name), m.Started.UTC().Format("2006-01-02")))
		return out
	}
	out = append(out, fmt.Sprintf("#info Open action items from the last meeting (%s, %s): %d",
		plaintext.Plain(m.Name), m.Started.UTC().Format("2006-01-02"), len(acts)))
	for _, ac := range acts {
		out = append(out, "#action "+oneLine(plaintext.Plain(ac.Text)))
	}
	return out
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
