package archive

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/meeting/importer"
)

// Meeting is a meeting as the index lists it.
type Meeting struct {
	ID int64 `json:"-"`
	// Base is the meeting's path in the archive without extension.
	Base     string    `json:"meeting"`
	Channel  string    `json:"channel"`
	Name     string    `json:"name"`
	Title    string    `json:"title,omitempty"`
	Owner    string    `json:"owner"`
	Started  time.Time `json:"started"`
	Ended    time.Time `json:"ended"`
	Finished bool      `json:"finished"`
	Topics   []string  `json:"topics"`
	// People are the nicks present, most lines said first.
	People  []string `json:"people"`
	Lines   int      `json:"lines"`
	Actions int      `json:"actions"`
}

// MeetingFilter selects meetings; zero fields select everything.
type MeetingFilter struct {
	Channel string // exact, case-insensitive ('#' optional)
	Name    string // exact, case-insensitive
	Person  string // someone present (case-insensitive)
	From    time.Time
	To      time.Time // exclusive
	Limit   int       // 0 means 500
}

const meetingCols = `id, base, channel, name, title, owner, started, ended, finished, topics, people, nlines, nactions`

func (a *Archive) queryMeetings(ctx context.Context, where string, args ...any) ([]Meeting, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Meeting
	for rows.Next() {
		var m Meeting
		var started, ended int64
		var topics, people string
		if err := rows.Scan(&m.ID, &m.Base, &m.Channel, &m.Name, &m.Title, &m.Owner, &started, &ended, &m.Finished,
			&topics, &people, &m.Lines, &m.Actions); err != nil {
			return nil, err
		}
		m.Started, m.Ended = time.Unix(started, 0).UTC(), time.Unix(ended, 0).UTC()
		m.Topics, m.People = splitLines(topics), splitLines(people)
		out = append(out, m)
	}
	return out, rows.Err()
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// NormChannel adds the '#' a channel name on the command line often
// lacks.
func NormChannel(c string) string {
	c = strings.TrimSpace(c)
	if c != "" && !strings.ContainsRune("#&!+", rune(c[0])) {
		c = "#" + c
	}
	return c
}

// Meetings lists meetings, newest first.
func (a *Archive) Meetings(ctx context.Context, f MeetingFilter) ([]Meeting, error) {
	var conds []string
	var args []any
	if f.Channel != "" {
		conds, args = append(conds, "lchannel = ?"), append(args, strings.ToLower(NormChannel(f.Channel)))
	}
	if f.Name != "" {
		conds, args = append(conds, "lname = ?"), append(args, strings.ToLower(f.Name))
	}
	if f.Person != "" {
		conds, args = append(conds, "id IN (SELECT meeting_id FROM people WHERE lnick = ?)"), append(args, meeting.FoldNick(f.Person))
	}
	if !f.From.IsZero() {
		conds, args = append(conds, "started >= ?"), append(args, f.From.Unix())
	}
	if !f.To.IsZero() {
		conds, args = append(conds, "started < ?"), append(args, f.To.Unix())
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	lim := f.Limit
	if lim <= 0 {
		lim = 500
	}
	return a.queryMeetings(ctx, where+fmt.Sprintf(" ORDER BY started DESC, id DESC LIMIT %d", lim), args...)
}

// MeetingByID returns one meeting.
func (a *Archive) MeetingByID(ctx context.Context, id int64) (*Meeting, error) {
	return a.oneMeeting(ctx, `WHERE id = ?`, id)
}

// MeetingByBase returns the meeting at a base path.
func (a *Archive) MeetingByBase(ctx context.Context, base string) (*Meeting, error) {
	return a.oneMeeting(ctx, `WHERE base = ?`, base)
}

// oneMeeting is the meeting a unique key selects, or an error naming it.
func (a *Archive) oneMeeting(ctx context.Context, where string, key any) (*Meeting, error) {
	ms, err := a.queryMeetings(ctx, where, key)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("archive: no meeting %q", fmt.Sprint(key))
	}
	return &ms[0], nil
}

// Adjacent returns the previous and next meetings of m's series (nil at
// either end).
func (a *Archive) Adjacent(ctx context.Context, m *Meeting) (prev, next *Meeting, err error) {
	series := Series(m.Channel, m.Name)
	p, err := a.queryMeetings(ctx, `WHERE series = ? AND (started < ? OR (started = ? AND id < ?)) ORDER BY started DESC, id DESC LIMIT 1`,
		series, m.Started.Unix(), m.Started.Unix(), m.ID)
	if err != nil {
		return nil, nil, err
	}
	n, err := a.queryMeetings(ctx, `WHERE series = ? AND (started > ? OR (started = ? AND id > ?)) ORDER BY started, id LIMIT 1`,
		series, m.Started.Unix(), m.Started.Unix(), m.ID)
	if err != nil {
		return nil, nil, err
	}
	if len(p) > 0 {
		prev = &p[0]
	}
	if len(n) > 0 {
		next = &n[0]
	}
	return prev, next, nil
}

// LogLine is one line said in a meeting. Text is raw: sanitise before
// drawing.
type LogLine struct {
	N      int       `json:"line"`
	Time   time.Time `json:"time"`
	Nick   string    `json:"nick"`
	Action bool      `json:"action,omitempty"`
	Text   string    `json:"text"`
}

// Log returns a meeting's log, read from its files (the index keeps no
// copy of the text), numbered as the index numbers lines.
func (a *Archive) Log(ctx context.Context, id int64) ([]LogLine, error) {
	m, err := a.MeetingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return a.logOf(m)
}

func (a *Archive) logOf(m *Meeting) ([]LogLine, error) {
	js, lg, lf := a.readSources(m.Base)
	if js == nil {
		_, log, err := a.readMeeting(m)
		return log, err
	}
	// With .json minutes, the log alone numbers the lines (saidLines):
	// no need to decode the minutes.
	lines, err := saidLines(context.Background(), m.Base, lg, lf, m.Started)
	if err != nil {
		return nil, err
	}
	return logLines(lines), nil
}

func logLines(lines []meeting.Line) []LogLine {
	out := make([]LogLine, 0, len(lines))
	for i, l := range lines {
		if i+1 > lineMask {
			break
		}
		out = append(out, LogLine{N: i + 1, Time: l.Time.UTC(), Nick: l.Nick, Action: l.Kind == meeting.Action, Text: l.Text})
	}
	return out
}

// readMeeting reads a meeting's minutes and log from its files, numbered
// as the index numbers them.
func (a *Archive) readMeeting(m *Meeting) (*meeting.Minutes, []LogLine, error) {
	js, lg, lf := a.readSources(m.Base)
	if js == nil && lg == nil {
		return nil, nil, fmt.Errorf("archive: the files of %s are gone (run gavel index)", m.Base)
	}
	min, lines, err := loadMeeting(m.Base, js, lg, lf)
	if err != nil {
		return nil, nil, err
	}
	return min, logLines(lines), nil
}

// readSources reads what the index reads for a meeting: its .json (nil
// when absent) and its log.
func (a *Archive) readSources(base string) (js, lg []byte, lf importer.Format) {
	read := func(ext string) []byte {
		b, err := os.ReadFile(filepath.Join(a.Dir, filepath.FromSlash(base+ext)))
		if err != nil {
			return nil
		}
		return b
	}
	js = read(".json")
	lf = importer.MeetBotText
	lg = read(".log.txt")
	if lg == nil {
		lg, lf = read(".log.html"), importer.MeetBotHTML
	}
	return js, lg, lf
}

// Item is a minutes item as indexed.
type Item struct {
	Type string    `json:"type"`
	Text string    `json:"text"`
	Nick string    `json:"nick"`
	Line int       `json:"line"`
	Time time.Time `json:"time"`
}

// Items returns a meeting's minutes items in minutes order (topics
// included, as TOPIC items), read from its files.
func (a *Archive) Items(ctx context.Context, id int64) ([]Item, error) {
	m, err := a.MeetingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	min, err := a.Minutes(ctx, m)
	if err != nil {
		return nil, err
	}
	return itemsOf(min), nil
}

func itemsOf(min *meeting.Minutes) []Item {
	all := min.AllItems()
	out := make([]Item, 0, len(all))
	for _, it := range all {
		out = append(out, Item{Type: string(it.Type), Text: it.Text, Nick: it.Nick, Line: it.Line, Time: it.Time.UTC()})
	}
	return out
}

// Minutes loads a meeting's minutes from its files (the .json, else by
// folding its log again), for rendering.
func (a *Archive) Minutes(ctx context.Context, m *Meeting) (*meeting.Minutes, error) {
	js, lg, lf := a.readSources(m.Base)
	if js == nil && lg == nil {
		return nil, fmt.Errorf("archive: the files of %s are gone (run gavel index)", m.Base)
	}
	min, _, err := loadMeeting(m.Base, js, lg, lf)
	return min, err
}
