package archive

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/gavel-irc/gavel/meeting/minutes"
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

	series, norm string
	lastTime     int64
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
// of its series, normalised text and owners.
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

// closing is a closing of an item as stored.
type closing struct {
	series, norm, key, nick, source, base string
	time                                  int64
}

// Actions lists action items, oldest first by their first mention.
func (a *Archive) Actions(ctx context.Context, f ActionFilter) ([]Action, error) {
	q := `SELECT a.key, a.series, a.norm, a.text, a.owners, a.line, a.time, m.id, m.base, m.channel, m.name, m.started
		FROM actions a JOIN meetings m ON m.id = a.meeting_id
		WHERE (?1 = '' OR m.lchannel = ?1) AND (?2 = '' OR m.lname = ?2)`
	args := []any{strings.ToLower(f.Channel), strings.ToLower(f.Name)}
	if f.MeetingID != 0 {
		q += ` AND a.key IN (SELECT key FROM actions WHERE meeting_id = ?3)`
		args = append(args, f.MeetingID)
	}
	q += ` ORDER BY m.started, a.line`
	rows, err := a.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKey := map[string]*Action{}
	var order []*Action
	for rows.Next() {
		var key, series, norm, text, owners, base, channel, name string
		var line int
		var tm, mid, started int64
		if err := rows.Scan(&key, &series, &norm, &text, &owners, &line, &tm, &mid, &base, &channel, &name, &started); err != nil {
			return nil, err
		}
		ac := byKey[key]
		st := time.Unix(started, 0).UTC()
		if ac == nil {
			ac = &Action{ID: key, Channel: channel, Name: name, Owners: strings.Fields(owners), First: st, series: series, norm: norm}
			byKey[key] = ac
			order = append(order, ac)
		}
		if ac.MeetingID != mid {
			ac.Meetings++
		}
		ac.Text, ac.Last, ac.Meeting, ac.MeetingID, ac.Line = text, st, base, mid, line
		ac.lastTime = max(ac.lastTime, tm)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cl, err := a.closings(ctx)
	if err != nil {
		return nil, err
	}
	who := strings.ToLower(f.Who)
	out := make([]Action, 0, len(order))
	for _, ac := range order {
		resolve(ac, cl)
		if who != "" && !slices.ContainsFunc(ac.Owners, func(o string) bool { return strings.ToLower(o) == who }) {
			continue
		}
		if (f.Open && ac.Done) || (f.Done && !ac.Done) {
			continue
		}
		out = append(out, *ac)
	}
	return out, nil
}

// closingIndex finds closings by item ID and by series + text.
type closingIndex struct {
	byKey  map[string][]closing
	byNorm map[string][]closing
}

func (a *Archive) closings(ctx context.Context) (*closingIndex, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT c.series, c.norm, c.key, c.nick, c.time, c.source, coalesce(m.base, '')
		FROM closings c LEFT JOIN meetings m ON m.id = c.meeting_id ORDER BY c.time`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ci := &closingIndex{byKey: map[string][]closing{}, byNorm: map[string][]closing{}}
	for rows.Next() {
		var c closing
		if err := rows.Scan(&c.series, &c.norm, &c.key, &c.nick, &c.time, &c.source, &c.base); err != nil {
			return nil, err
		}
		if c.key != "" {
			ci.byKey[c.key] = append(ci.byKey[c.key], c)
		}
		if c.norm != "" {
			ci.byNorm[c.series+"\x00"+c.norm] = append(ci.byNorm[c.series+"\x00"+c.norm], c)
		}
	}
	return ci, rows.Err()
}

// resolve sets ac.Done from the earliest closing at or after its last
// mention.
func resolve(ac *Action, ci *closingIndex) {
	var best *closing
	consider := func(cs []closing) {
		for i := range cs {
			c := &cs[i]
			if c.time >= ac.lastTime && (best == nil || c.time < best.time) {
				best = c
			}
		}
	}
	consider(ci.byKey[ac.ID])
	consider(ci.byNorm[ac.series+"\x00"+ac.norm])
	if best == nil {
		return
	}
	t := time.Unix(best.time, 0).UTC()
	ac.Done, ac.DoneAt, ac.DoneBy = true, &t, best.nick
	if best.source == "log" {
		ac.DoneIn = best.base
	}
}

// closingRecord is one line of .gavel-actions.json.
type closingRecord struct {
	ID     string    `json:"id"`
	Series string    `json:"series"`
	Text   string    `json:"text,omitempty"`
	Done   bool      `json:"done"`
	Time   time.Time `json:"time"`
	By     string    `json:"by,omitempty"`
}

// ErrNoAction is returned by MarkDone for an unknown or ambiguous ID.
var ErrNoAction = errors.New("no such action item")

// MarkDone closes an action item by hand: id is its ID (or a unique
// prefix of at least 4 digits), by who closed it, at when. The closing is
// appended to .gavel-actions.json, so rebuilding the index keeps it.
func (a *Archive) MarkDone(ctx context.Context, id, by string, at time.Time) (*Action, error) {
	id = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(id), "#"))
	if len(id) < 4 {
		return nil, fmt.Errorf("%w: %q (give at least 4 digits of the ID)", ErrNoAction, id)
	}
	all, err := a.Actions(ctx, ActionFilter{})
	if err != nil {
		return nil, err
	}
	var found *Action
	for i := range all {
		if strings.HasPrefix(all[i].ID, id) {
			if found != nil {
				return nil, fmt.Errorf("%w: %q is ambiguous", ErrNoAction, id)
			}
			found = &all[i]
		}
	}
	if found == nil {
		return nil, fmt.Errorf("%w: %q", ErrNoAction, id)
	}
	rec := closingRecord{ID: found.ID, Series: found.series, Text: found.Text, Done: true, Time: at.UTC(), By: by}
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	a.wr.Lock()
	defer a.wr.Unlock()
	f, err := os.OpenFile(filepath.Join(a.Dir, ActionsName), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(append(b, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if _, err := a.db.ExecContext(ctx, `INSERT INTO closings(meeting_id, series, norm, key, nick, line, time, source)
		VALUES(0, ?, '', ?, ?, 0, ?, 'file')`, rec.Series, rec.ID, by, rec.Time.Unix()); err != nil {
		return nil, err
	}
	t := rec.Time
	found.Done, found.DoneAt, found.DoneBy, found.DoneIn = true, &t, by, ""
	return found, nil
}

// loadClosings replaces the closings by hand in the index with those of
// .gavel-actions.json. Bad lines are skipped.
func (a *Archive) loadClosings(ctx context.Context) error {
	var recs []closingRecord
	f, err := os.Open(filepath.Join(a.Dir, ActionsName))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return err
	default:
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var r closingRecord
			if json.Unmarshal(sc.Bytes(), &r) == nil && r.ID != "" && r.Done {
				recs = append(recs, r)
			}
		}
		f.Close()
	}
	a.wr.Lock()
	defer a.wr.Unlock()
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM closings WHERE source = 'file'`); err != nil {
		return err
	}
	for _, r := range recs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO closings(meeting_id, series, norm, key, nick, line, time, source)
			VALUES(0, ?, '', ?, ?, 0, ?, 'file')`, r.Series, r.ID, r.By, r.Time.Unix()); err != nil {
			return err
		}
	}
	return tx.Commit()
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
// Text is sanitised (minutes.Plain) and kept on one line.
func PasteLines(m *Meeting, acts []Action) []string {
	if m == nil {
		return nil
	}
	var out []string
	if len(acts) == 0 {
		out = append(out, fmt.Sprintf("#info No open action items from the last meeting (%s, %s)",
			minutes.Plain(m.Name), m.Started.UTC().Format("2006-01-02")))
		return out
	}
	out = append(out, fmt.Sprintf("#info Open action items from the last meeting (%s, %s): %d",
		minutes.Plain(m.Name), m.Started.UTC().Format("2006-01-02"), len(acts)))
	for _, ac := range acts {
		out = append(out, "#action "+oneLine(minutes.Plain(ac.Text)))
	}
	return out
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
