package archive

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/meeting"
)

// Hit is one search result: a line said, or a minutes item.
type Hit struct {
	Kind      string    `json:"kind"` // "line" or "item"
	Meeting   string    `json:"meeting"`
	MeetingID int64     `json:"-"`
	Channel   string    `json:"channel"`
	Name      string    `json:"name"`
	Started   time.Time `json:"started"`
	Line      int       `json:"line"`
	Time      time.Time `json:"time"`
	Nick      string    `json:"nick"`
	Type      string    `json:"type,omitempty"` // item type
	Text      string    `json:"text"`
	// Marked is Text with every match between MarkStart and MarkEnd.
	Marked string `json:"-"`
}

// The markers around matches in Hit.Marked (private-use characters, so
// they survive plaintext.Plain and never occur in real text).
const (
	MarkStart = "\uE000"
	MarkEnd   = "\uE001"
)

// ErrQuery wraps a full-text query the search engine rejects.
var ErrQuery = errors.New("bad search query")

// Sort orders for SearchOptions.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
)

// SearchOptions shape a search.
type SearchOptions struct {
	// Sort is SortRelevance (the default) or SortNewest.
	Sort string
	// Meetings is how many meetings at most (default 20); PerMeeting how
	// many of each meeting's best matching lines (default 3).
	Meetings, PerMeeting int
}

// MeetingResult is one meeting that matched, with its best hits.
type MeetingResult struct {
	Meeting Meeting `json:"meeting"`
	Score   int     `json:"score"`
	// Matches counts what matched: minutes items by kind, and lines.
	Decisions int   `json:"decisions"`
	Actions   int   `json:"actions"`
	Topics    int   `json:"topics"`
	Items     int   `json:"items"` // other minutes items (#info, #idea, #link …)
	Lines     int   `json:"lines"`
	Hits      []Hit `json:"hits"`
}

// Results is a search's answer, best meeting first.
type Results struct {
	Meetings []MeetingResult `json:"meetings"`
	// Sort is the order the meetings are in: SortNewest when asked, or
	// when the terms are so common that ranking would be slow.
	Sort string `json:"sort"`
	// TooCommon is set when ranking was given up for newest first.
	TooCommon bool `json:"too_common,omitempty"`
}

// Weights of a match, by what matched: decisions, actions and topics say
// what a meeting was about; chatter counts with diminishing returns
// (3·log2(n+1)), so that a meeting that merely talks about something —
// even a topic, an #info and a hundred lines about it — does not outrank
// the one that decided it.
const (
	weightDecision = 40
	weightAction   = 15
	weightTopic    = 10
	weightItem     = 5
	chatterWeight  = 3
)

// rankCap is how many matching lines (or items) a search ranks; a query
// matching more is "too common" and answered newest first. (A variable
// so that a test can make a term too common.)
var rankCap = 30_000

func itemWeight(t string) int {
	switch t {
	case "AGREED", "ACCEPTED", "REJECTED":
		return weightDecision
	case "ACTION":
		return weightAction
	case "TOPIC":
		return weightTopic
	}
	return weightItem
}

func chatterScore(n int) int {
	if n <= 0 {
		return 0
	}
	return int(math.Round(chatterWeight * math.Log2(float64(n)+1)))
}

// score is a meeting's matches, gathered from one pass over the
// full-text rows.
type score struct {
	id                                int64
	decisions, actions, topics, items int
	lines, chatter                    int     // matching lines; those that made no item
	lineRows, itemRows                []int64 // the matching rowids
}

// addRow counts one matching row of lines_fts (line) or items_fts.
func (s *score) addRow(r int64, line bool) {
	_, code, _ := splitRowID(r)
	t := itemTypeOf(code)
	if line {
		s.lines++
		s.lineRows = append(s.lineRows, r)
	} else {
		s.itemRows = append(s.itemRows, r)
	}
	switch {
	case t == "":
		s.chatter++
	case itemWeight(t) == weightDecision:
		s.decisions++
	case t == "ACTION":
		s.actions++
	case t == "TOPIC":
		s.topics++
	default:
		s.items++
	}
}

func (s *score) total() int {
	return s.decisions*weightDecision + s.actions*weightAction + s.topics*weightTopic + s.items*weightItem +
		chatterScore(s.chatter)
}

// Search runs an FTS5 query over every line said and every minutes item
// (see SearchMeetings) and returns the hits of the best meetings, grouped
// by meeting, best first: at most limit hits.
func (a *Archive) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	if limit <= 0 {
		limit = 100
	}
	res, err := a.SearchMeetings(ctx, query, SearchOptions{Meetings: max(1, (limit+2)/3), PerMeeting: 3})
	if err != nil {
		return nil, err
	}
	var hits []Hit
	for _, m := range res.Meetings {
		for _, h := range m.Hits {
			if len(hits) == limit {
				return hits, nil
			}
			hits = append(hits, h)
		}
	}
	return hits, nil
}

// SearchMeetings runs an FTS5 query — words (all must match), "a phrase",
// prefix*, OR, NOT, NEAR(a b, 5) — over every line said and every minutes
// item, and ranks the meetings that match: matches in decisions, actions
// and topics weigh more than chatter, more matching lines rank higher,
// newer meetings win ties. Terms matching more than rankCap lines are
// answered newest first. Under each meeting come its best hits, items
// first; their text is read from the meeting's files. A query the engine
// rejects gives an error wrapping ErrQuery.
func (a *Archive) SearchMeetings(ctx context.Context, query string, o SearchOptions) (*Results, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("%w: empty query", ErrQuery)
	}
	if o.Meetings <= 0 {
		o.Meetings = 20
	}
	if o.PerMeeting <= 0 {
		o.PerMeeting = 3
	}
	res := &Results{Sort: SortRelevance}
	var cands []*score
	var err error
	var read map[string]*readRows
	if o.Sort == SortNewest {
		res.Sort = SortNewest
	} else {
		cands, read, err = a.rank(ctx, query)
		if err != nil {
			return nil, err
		}
		if read != nil {
			res.Sort, res.TooCommon = SortNewest, true
		}
	}
	if res.Sort == SortNewest {
		if cands, err = a.newest(ctx, query, o.Meetings, read); err != nil {
			return nil, err
		}
	}
	terms := queryTerms(query)
	for _, sc := range cands {
		if len(res.Meetings) == o.Meetings {
			break
		}
		mr, err := a.meetingHits(ctx, sc, terms, o.PerMeeting)
		if err != nil {
			return nil, err
		}
		if mr != nil { // nil: a retired id (see deleteMeeting)
			res.Meetings = append(res.Meetings, *mr)
		}
	}
	return res, nil
}

// scan reads the rowids a query matches in one full-text table, in
// rowid order (descending with desc), at most limit of them, and hands
// each to each until it says stop (returns false); n counts those taken.
func (a *Archive) scan(ctx context.Context, table, query string, desc bool, limit int, each func(r int64) bool) (n int, err error) {
	order := ""
	if desc {
		order = " ORDER BY rowid DESC"
	}
	rows, err := a.db.QueryContext(ctx, `SELECT rowid FROM `+table+` WHERE `+table+` MATCH ?`+order+` LIMIT ?`, query, limit)
	if err != nil {
		return 0, queryErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			return n, queryErr(err)
		}
		if !each(r) {
			break
		}
		n++
	}
	return n, queryErr(rows.Err())
}

// tallyRow counts full-text row r of table into its meeting's score
// (get gives nil for a meeting not to count).
func tallyRow(r int64, table string, get func(id int64) *score) {
	if s := get(r >> lineBits); s != nil {
		s.addRow(r, table == "lines_fts")
	}
}

// readRows are the rowids a ranking read of one table, newest first:
// all of them, or (truncated) the newest rankCap+1.
type readRows struct {
	rows      []int64
	truncated bool
}

// covers says whether the rows hold every row of the table's n newest
// meetings: all rows were read, or they reach into an (n+1)th meeting
// (rows come meeting by meeting, newest first).
func (rr *readRows) covers(n int) bool {
	if !rr.truncated {
		return true
	}
	ids := 0
	for i, r := range rr.rows {
		if i == 0 || r>>lineBits != rr.rows[i-1]>>lineBits {
			if ids++; ids > n {
				return true
			}
		}
	}
	return false
}

// rank gathers every match per meeting in one pass and returns the
// meetings best first (retired ids included: the caller skips them). A
// query matching more than rankCap lines or items is too common to rank:
// then read is what was read of each table, newest first, for newest to
// answer from without running the query again (for a prefix or a phrase
// FTS5 gathers every match before giving the first, whatever the LIMIT).
func (a *Archive) rank(ctx context.Context, query string) (best []*score, read map[string]*readRows, err error) {
	read = map[string]*readRows{}
	for _, t := range []string{"items_fts", "lines_fts"} {
		rr := &readRows{}
		n, err := a.scan(ctx, t, query, true, rankCap+1, func(r int64) bool {
			rr.rows = append(rr.rows, r)
			return true
		})
		if err != nil {
			return nil, nil, err
		}
		read[t] = rr
		if rr.truncated = n > rankCap; rr.truncated {
			return nil, read, nil
		}
	}
	tally := map[int64]*score{}
	get := func(id int64) *score {
		s := tally[id]
		if s == nil {
			s = &score{id: id}
			tally[id] = s
		}
		return s
	}
	for t, rr := range read {
		for _, r := range slices.Backward(rr.rows) { // a meeting's rows in line order
			tallyRow(r, t, get)
		}
	}
	best = make([]*score, 0, len(tally))
	for _, s := range tally {
		best = append(best, s)
	}
	slices.SortFunc(best, func(x, y *score) int {
		return cmp.Or(cmp.Compare(y.total(), x.total()), cmp.Compare(y.id, x.id))
	})
	return best, nil, nil
}

// newest returns the n newest meetings with a matching line or item,
// with all their matches (meeting ids are chronological, and so are
// rowids: reading backwards, a meeting's rows come together). read, from
// a ranking given up, serves each table it covers.
func (a *Archive) newest(ctx context.Context, query string, n int, read map[string]*readRows) ([]*score, error) {
	tally := map[int64]*score{}
	for _, t := range []string{"items_fts", "lines_fts"} {
		get := func(id int64) *score {
			s := tally[id]
			if s == nil {
				var one int
				if a.db.QueryRowContext(ctx, `SELECT 1 FROM meetings WHERE id = ?`, id).Scan(&one) != nil {
					return nil // retired
				}
				s = &score{id: id}
				tally[id] = s
			}
			return s
		}
		// Up to the first row of the (n+1)th meeting of this table.
		seen := map[int64]bool{}
		each := func(r int64) bool {
			if id := r >> lineBits; !seen[id] {
				seen[id] = true
				if len(seen) > n {
					return false
				}
			}
			tallyRow(r, t, get)
			return true
		}
		if rr := read[t]; rr != nil && rr.covers(n) {
			for _, r := range rr.rows {
				if !each(r) {
					break
				}
			}
			continue
		}
		if _, err := a.scan(ctx, t, query, true, math.MaxInt32, each); err != nil {
			return nil, err
		}
	}
	out := make([]*score, 0, len(tally))
	for _, s := range tally {
		out = append(out, s)
	}
	slices.SortFunc(out, func(x, y *score) int { return cmp.Compare(y.id, x.id) })
	return out[:min(n, len(out))], nil
}

// meetingHits picks a meeting's best hits from its matches: items by
// weight, then the lines with the most query terms. Text comes from the
// meeting's log (and its .json for an item whose text is not in its
// line). A meeting gone from the index meanwhile gives nil.
func (a *Archive) meetingHits(ctx context.Context, sc *score, terms []term, per int) (*MeetingResult, error) {
	m, err := a.MeetingByID(ctx, sc.id)
	if err != nil {
		return nil, nil
	}
	mr := &MeetingResult{Meeting: *m, Score: sc.total(), Decisions: sc.decisions, Actions: sc.actions,
		Topics: sc.topics, Items: sc.items, Lines: sc.lines}
	var log []LogLine
	var all []meeting.Item
	if len(sc.itemRows) > 0 {
		var mins *meeting.Minutes
		if mins, log, err = a.readMeeting(m); err != nil {
			return nil, err
		}
		all = mins.AllItems()
	} else if log, err = a.logOf(m); err != nil {
		return nil, err
	}
	var items, lines []Hit
	for _, r := range sc.itemRows {
		_, _, n := splitRowID(r)
		if n < len(all) {
			it := all[n]
			items = append(items, Hit{Kind: "item", Type: string(it.Type), Nick: it.Nick, Line: it.Line, Time: it.Time.UTC(), Text: it.Text})
		}
	}
	for _, r := range sc.lineRows {
		_, code, n := splitRowID(r)
		if n < 1 || n > len(log) {
			continue // the files changed since indexing: Refresh will catch up
		}
		l := log[n-1]
		h := Hit{Kind: "line", Line: n, Time: l.Time, Nick: l.Nick, Text: l.Text}
		if t := itemTypeOf(code); t != "" {
			h.Kind, h.Type = "item", t // the line that made the item, as said
			items = append(items, h)
			continue
		}
		lines = append(lines, h)
	}
	slices.SortStableFunc(items, func(x, y Hit) int { return cmp.Compare(itemWeight(y.Type), itemWeight(x.Type)) })
	for i := range lines {
		lines[i].Marked = markTerms(lines[i].Text, terms)
	}
	slices.SortStableFunc(lines, func(x, y Hit) int {
		return cmp.Compare(strings.Count(y.Marked, MarkStart), strings.Count(x.Marked, MarkStart))
	})
	mr.Hits = append(items[:min(len(items), per)], lines[:min(len(lines), per-min(len(items), per))]...)
	for i := range mr.Hits {
		h := &mr.Hits[i]
		h.Meeting, h.MeetingID, h.Channel, h.Name, h.Started = m.Base, m.ID, m.Channel, m.Name, m.Started
		if h.Marked == "" {
			h.Marked = markTerms(h.Text, terms)
		}
	}
	return mr, nil
}

// term is a query word to highlight; prefix for "word*".
type term struct {
	word   string
	prefix bool
}

// queryTerms lists the words of an FTS5 query, without its operators.
func queryTerms(q string) []term {
	var out []term
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*' && r != '_' }) {
		switch w {
		case "AND", "OR", "NOT", "NEAR":
			continue
		}
		prefix := strings.HasSuffix(w, "*")
		w = strings.ToLower(strings.Trim(w, "*"))
		if w != "" {
			out = append(out, term{w, prefix})
		}
	}
	return out
}

// markTerms puts MarkStart/MarkEnd around every word of s that is one of
// the terms (case-insensitively; a prefix term matches words it starts).
// The full-text engine has already matched the line; this only shows
// where.
func markTerms(s string, terms []term) string {
	var b strings.Builder
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
				break
			}
			j += n
		}
		if j == i {
			_, n := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		w := s[i:j]
		lw := strings.ToLower(w)
		hit := false
		for _, t := range terms {
			if lw == t.word || (t.prefix && strings.HasPrefix(lw, t.word)) {
				hit = true
				break
			}
		}
		if hit {
			b.WriteString(MarkStart + w + MarkEnd)
		} else {
			b.WriteString(w)
		}
		i = j
	}
	return b.String()
}

// queryErr marks the errors of a query FTS5 rejects as ErrQuery.
func queryErr(err error) error {
	if err == nil {
		return nil
	}
	s := err.Error()
	for _, k := range []string{"fts5", "syntax error", "no such column", "unterminated", "unknown special query", "malformed MATCH"} {
		if strings.Contains(s, k) {
			if i := strings.Index(s, "fts5:"); i >= 0 {
				s = s[i:]
			}
			s = strings.TrimSuffix(strings.TrimPrefix(s, "SQL logic error: "), " (1)")
			return fmt.Errorf("%w: %s", ErrQuery, s)
		}
	}
	return err
}

// QuoteQuery turns free text into a query that cannot be a syntax error:
// every word becomes a quoted string (a trailing '*' stays a prefix).
func QuoteQuery(s string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '*' && r != '_' }) {
		prefix := strings.HasSuffix(w, "*")
		w = strings.Trim(w, "*")
		if w == "" {
			continue
		}
		q := `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		if prefix {
			q += "*"
		}
		parts = append(parts, q)
	}
	return strings.Join(parts, " ")
}
