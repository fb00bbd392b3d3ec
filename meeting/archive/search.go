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
// they survive minutes.Plain and never occur in real text).
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
// matching more is "too common" and answered newest first.
const rankCap = 100_000

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

// score is a meeting's running tally while ranking.
type score struct {
	id                                int64
	decisions, actions, topics, items int
	lines, chatter                    int // matching lines; those that made no item
}

// add counts n matches of type t (a line when line is set).
func (s *score) add(t string, n int, line bool) {
	if line {
		s.lines += n
	}
	switch {
	case t == "":
		s.chatter += n
	case itemWeight(t) == weightDecision:
		s.decisions += n
	case t == "ACTION":
		s.actions += n
	case t == "TOPIC":
		s.topics += n
	default:
		s.items += n
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
	var ids []int64
	var err error
	if o.Sort == SortNewest {
		res.Sort = SortNewest
	} else {
		ids, res.TooCommon, err = a.rank(ctx, query, o.Meetings)
		if err != nil {
			return nil, err
		}
		if res.TooCommon {
			res.Sort = SortNewest
		}
	}
	if res.Sort == SortNewest {
		if ids, err = a.newest(ctx, query, o.Meetings); err != nil {
			return nil, err
		}
	}
	terms := queryTerms(query)
	for _, id := range ids {
		if len(res.Meetings) == o.Meetings {
			break
		}
		mr, err := a.meetingHits(ctx, query, id, terms, o.PerMeeting)
		if err != nil {
			return nil, err
		}
		if mr != nil { // nil: a retired id (see deleteMeeting)
			res.Meetings = append(res.Meetings, *mr)
		}
	}
	if res.Sort == SortRelevance {
		// The detail counts are exact; order by them (rank's order, from
		// the same counts, only ever differs for meetings since changed).
		slices.SortStableFunc(res.Meetings, func(x, y MeetingResult) int {
			return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(y.Meeting.ID, x.Meeting.ID))
		})
	}
	return res, nil
}

// rank tallies every match per meeting and returns the meeting ids best
// first (retired ids included: the caller skips them), or tooCommon when
// the query matches more than rankCap lines or items.
func (a *Archive) rank(ctx context.Context, query string, n int) (ids []int64, tooCommon bool, err error) {
	tally := map[int64]*score{}
	get := func(id int64) *score {
		s := tally[id]
		if s == nil {
			s = &score{id: id}
			tally[id] = s
		}
		return s
	}
	for _, t := range []string{"items_fts", "lines_fts"} {
		count := 0
		rows, err := a.db.QueryContext(ctx, `SELECT r >> 24, (r >> 20) & 15, count(*) FROM (
			SELECT rowid r FROM `+t+` WHERE `+t+` MATCH ?1 LIMIT ?2) GROUP BY 1, 2`, query, rankCap+1)
		if err != nil {
			return nil, false, queryErr(err)
		}
		for rows.Next() {
			var id, code int64
			var c int
			if err := rows.Scan(&id, &code, &c); err != nil {
				rows.Close()
				return nil, false, queryErr(err)
			}
			get(id).add(itemTypeOf(code), c, t == "lines_fts")
			count += c
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, false, queryErr(err)
		}
		if count > rankCap {
			return nil, true, nil
		}
	}
	all := make([]*score, 0, len(tally))
	for _, s := range tally {
		all = append(all, s)
	}
	slices.SortFunc(all, func(x, y *score) int {
		return cmp.Or(cmp.Compare(y.total(), x.total()), cmp.Compare(y.id, x.id))
	})
	for _, s := range all {
		ids = append(ids, s.id)
	}
	return ids, false, nil
}

// newest returns the n newest meetings with a matching line or item
// (meeting ids are chronological, and so are rowids).
func (a *Archive) newest(ctx context.Context, query string, n int) ([]int64, error) {
	var ids []int64
	exists := func(id int64) bool {
		var one int
		return a.db.QueryRowContext(ctx, `SELECT 1 FROM meetings WHERE id = ?`, id).Scan(&one) == nil
	}
	for _, t := range []string{"items_fts", "lines_fts"} {
		rows, err := a.db.QueryContext(ctx, `SELECT rowid >> 24 FROM `+t+` WHERE `+t+` MATCH ? ORDER BY rowid DESC`, query)
		if err != nil {
			return nil, queryErr(err)
		}
		seen := 0
		last := int64(-1)
		for rows.Next() && seen < n {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, queryErr(err)
			}
			if id != last {
				last = id
				if exists(id) {
					ids = append(ids, id)
					seen++
				}
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, queryErr(err)
		}
	}
	slices.SortFunc(ids, func(x, y int64) int { return cmp.Compare(y, x) })
	ids = slices.Compact(ids)
	return ids[:min(n, len(ids))], nil
}

// meetingHits counts one meeting's matches and picks its best hits:
// items by weight, then the lines with the most query terms. Line text is
// read from the meeting's log. A meeting gone from the index meanwhile
// gives nil.
func (a *Archive) meetingHits(ctx context.Context, query string, id int64, terms []term, per int) (*MeetingResult, error) {
	m, err := a.MeetingByID(ctx, id)
	if err != nil {
		return nil, nil
	}
	lo, hi := id<<lineBits, id<<lineBits|lineMask
	mr := &MeetingResult{Meeting: *m}
	sc := &score{id: id}
	rowsOf := func(t string) ([]int64, error) {
		rows, err := a.db.QueryContext(ctx, `SELECT rowid FROM `+t+` WHERE `+t+` MATCH ?1 AND rowid BETWEEN ?2 AND ?3`, query, lo, hi)
		if err != nil {
			return nil, queryErr(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var r int64
			if err := rows.Scan(&r); err != nil {
				return nil, queryErr(err)
			}
			out = append(out, r)
		}
		return out, queryErr(rows.Err())
	}
	itemRows, err := rowsOf("items_fts")
	if err != nil {
		return nil, err
	}
	lineRows, err := rowsOf("lines_fts")
	if err != nil {
		return nil, err
	}
	mins, log, err := a.readMeeting(m)
	if err != nil {
		return nil, err
	}
	all := mins.AllItems()
	var items []Hit
	itemHit := func(it meeting.Item) {
		items = append(items, Hit{Kind: "item", Type: string(it.Type), Nick: it.Nick, Line: it.Line, Time: it.Time.UTC(), Text: it.Text})
	}
	for _, r := range itemRows {
		_, code, n := splitRowID(r)
		sc.add(itemTypeOf(code), 1, false)
		if n < len(all) {
			itemHit(all[n])
		}
	}
	var chatter []int
	for _, r := range lineRows {
		_, code, n := splitRowID(r)
		sc.add(itemTypeOf(code), 1, true)
		if it, ok := itemAt(all, n, code); ok && code != 0 {
			itemHit(it)
		} else {
			chatter = append(chatter, n)
		}
	}
	mr.Score, mr.Decisions, mr.Actions, mr.Topics, mr.Items, mr.Lines = sc.total(), sc.decisions, sc.actions, sc.topics, sc.items, sc.lines
	slices.SortStableFunc(items, func(x, y Hit) int { return cmp.Compare(itemWeight(y.Type), itemWeight(x.Type)) })
	for _, h := range items {
		if len(mr.Hits) < per {
			mr.Hits = append(mr.Hits, h)
		}
	}
	if len(mr.Hits) < per && len(chatter) > 0 {
		var lines []Hit
		for _, n := range chatter {
			if n < 1 || n > len(log) {
				continue
			}
			l := log[n-1]
			lines = append(lines, Hit{Kind: "line", Line: n, Time: l.Time, Nick: l.Nick, Text: l.Text})
		}
		for i := range lines {
			lines[i].Marked = markTerms(lines[i].Text, terms)
		}
		slices.SortStableFunc(lines, func(x, y Hit) int {
			return cmp.Compare(strings.Count(y.Marked, MarkStart), strings.Count(x.Marked, MarkStart))
		})
		mr.Hits = append(mr.Hits, lines[:min(len(lines), per-len(mr.Hits))]...)
	}
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
