package archive

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/gavel-irc/gavel/meeting"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Actions lists action items, oldest first by their first mention
// (newest first with f.Newest). Every filter runs in SQL on
// action_items, which writes keep up to date (recomputeActions).
func (a *Archive) Actions(ctx context.Context, f ActionFilter) ([]Action, error) {
	var out []Action
	err := a.EachAction(ctx, f, func(ac *Action) error {
		out = append(out, *ac)
		return nil
	})
	return out, err
}

// EachAction calls fn with each action item Actions would list, as the
// rows come: a listing of every item holds one in memory at a time. An
// error from fn stops it and is returned.
func (a *Archive) EachAction(ctx context.Context, f ActionFilter, fn func(*Action) error) error {
	q, args := actionListSQL(f)
	rows, err := a.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var ac Action
	for rows.Next() {
		ac = Action{}
		var owners string
		var first, last int64
		var doneAt sql.NullInt64
		if err := rows.Scan(&ac.ID, &ac.Channel, &ac.Name, &ac.Text, &owners, &first, &last, &ac.Meetings,
			&ac.Meeting, &ac.MeetingID, &ac.Line, &doneAt, &ac.DoneBy, &ac.DoneIn); err != nil {
			return err
		}
		ac.Owners = strings.Fields(owners)
		ac.series = Series(ac.Channel, ac.Name) // its meetings' (meetings.series)
		ac.First, ac.Last = time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
		if doneAt.Valid {
			t := time.Unix(doneAt.Int64, 0).UTC()
			ac.Done, ac.DoneAt = true, &t
		} else {
			ac.DoneBy, ac.DoneIn = "", ""
		}
		if err := fn(&ac); err != nil {
			return err
		}
	}
	return rows.Err()
}

// actionListSQL is the query of EachAction.
func actionListSQL(f ActionFilter) (string, []any) {
	from, where, args := actionQuery(f)
	dir := ""
	if f.Newest {
		dir = " DESC"
	}
	// One table, read in the order of the index the filter picks: the
	// cost is per row listed, and a limit stops the reading.
	q := `SELECT ai.key, ai.channel, ai.name, ai.text, ai.owners, ai.first_started, ai.last_started,
		ai.meetings, ai.last_base, ai.last_id, ai.line, ai.done_time, coalesce(ai.done_by, ''), coalesce(ai.done_base, '')
		FROM ` + from + where
	// In the order of the table that drives the query (the same order
	// for both), so the planner reads it in order rather than sorting.
	t := "ai"
	if f.Who != "" {
		t = "o"
	}
	q += ` ORDER BY ` + t + `.first_id` + dir + `, ` + t + `.first_line` + dir + `, ` + t + `.key` + dir
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return q, args
}

// CountActions is how many action items match f, whatever its Limit:
// the same filter as EachAction, counted on the index it picks.
func (a *Archive) CountActions(ctx context.Context, f ActionFilter) (int, error) {
	from, where, args := actionQuery(f)
	if f.Who != "" && f.Channel == "" && f.Name == "" && f.ID == "" && f.MeetingID == 0 {
		// The owner's range of item_owners says it all (open included).
		from, where, args = "item_owners o", " WHERE o.lnick = ?", []any{meeting.FoldNick(f.Who)}
		if f.Open || f.Done {
			where += " AND o.open = ?"
			args = append(args, f.Open)
		}
	}
	var n int
	err := a.db.QueryRowContext(ctx, `SELECT count(*) FROM `+from+where, args...).Scan(&n)
	return n, err
}

// actionQuery is the FROM and WHERE of f (Limit and order aside). An
// owner drives the query from item_owners (in the listing order, open
// or not at hand); the other filters are columns of action_items with an
// index each.
func actionQuery(f ActionFilter) (from, where string, args []any) {
	from = `action_items ai`
	var conds []string
	if f.Who != "" {
		// CROSS JOIN: item_owners first, whatever the planner guesses.
		from = `item_owners o CROSS JOIN action_items ai
			ON ai.cid = o.cid AND ai.first_id = o.first_id AND ai.first_line = o.first_line AND ai.key = o.key`
		conds, args = append(conds, "o.lnick = ?"), append(args, meeting.FoldNick(f.Who))
		if f.Open || f.Done {
			conds, args = append(conds, "o.open = ?"), append(args, f.Open)
		}
	}
	if f.Channel != "" {
		// With an owner, on item_owners' row: the items of other
		// channels are passed over before they are read.
		t := "ai"
		if f.Who != "" {
			t = "o"
		}
		conds, args = append(conds, t+".cid = (SELECT id FROM channels WHERE lchannel = ?)"), append(args, strings.ToLower(NormChannel(f.Channel)))
	}
	if f.Name != "" {
		conds, args = append(conds, "ai.lname = ?"), append(args, strings.ToLower(f.Name))
	}
	if f.ID != "" {
		conds, args = append(conds, "ai.key = ?"), append(args, f.ID)
	}
	if f.MeetingID != 0 {
		conds, args = append(conds, "ai.key IN (SELECT key FROM actions WHERE meeting_id = ?)"), append(args, f.MeetingID)
	}
	// With an owner, "+" keeps the planner from reading each item
	// through a partial index (action_items_open holds the whole primary
	// key) and then the table again, rather than the table alone.
	plus := ""
	if f.Who != "" {
		plus = "+"
	}
	if f.Open {
		conds = append(conds, plus+"ai.done_time IS NULL")
	}
	if f.Done {
		conds = append(conds, plus+"ai.done_time IS NOT NULL")
	}
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return from, where, args
}

// beginDirty starts collecting, in this transaction, the action items
// whose row in action_items must be computed again.
func beginDirty(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS dirty_keys(key TEXT PRIMARY KEY) WITHOUT ROWID`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM temp.dirty_keys`)
	return err
}

// markDirtySQL are the statements of markDirty (see recomputeSQL).
var markDirtySQL = []string{
	`INSERT OR IGNORE INTO temp.dirty_keys SELECT key FROM actions WHERE meeting_id = ?1`,
	`INSERT OR IGNORE INTO temp.dirty_keys SELECT key FROM closings WHERE meeting_id = ?1 AND key != ''`,
	// The mentions of the closed text, then their series (CROSS JOIN: a
	// series has many more mentions than a text). SQLite reads an index
	// on an expression for a value, not for a join: hence the subquery,
	// where c.norm is one.
	`INSERT OR IGNORE INTO temp.dirty_keys SELECT a.key FROM closings c
		CROSS JOIN actions a ON a.id IN (SELECT id FROM actions WHERE ` + normTail + ` = substr(c.norm, -12))
		CROSS JOIN meetings m ON m.id = a.meeting_id
		WHERE c.meeting_id = ?1 AND c.norm != '' AND a.norm = c.norm AND m.series = c.series`,
}

// markDirty marks the action items a meeting records or closes.
func markDirty(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range markDirtySQL {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

// recomputeActions computes the action_items rows of the dirty keys from
// actions, closings and reopenings: the first and latest mention (and
// what a listing shows of them), how many meetings, and the earliest
// closing at or after the latest mention (and after a reopening by
// hand); then their item_owners rows, one per folded owner of the latest
// mention (folding is meeting.FoldNick, in Go: dropOwners and addOwners).
//
// recomputeSQL are its statements. Each reads only the rows of the dirty
// keys, through indexes (TestRecomputeUsesIndexes): a scan of a table
// that grows with the archive would make every index batch slower than
// the last.
var recomputeSQL = []string{
	`DELETE FROM action_items WHERE key IN (SELECT key FROM temp.dirty_keys)`,
	`INSERT OR IGNORE INTO channels(lchannel) SELECT DISTINCT m.lchannel
	FROM temp.dirty_keys d CROSS JOIN actions a ON a.key = d.key CROSS JOIN meetings m ON m.id = a.meeting_id`,
	`INSERT OR REPLACE INTO action_items(first_id, first_line, key, cid, lname, channel, name,
		text, owners, first_started, last_id, line, last_time, last_started, last_base, meetings)
	SELECT g.fp >> 24, g.fp & 16777215, g.key, (SELECT id FROM channels WHERE lchannel = mf.lchannel), mf.lname, mf.channel, mf.name,
		coalesce(a.text, a.norm), a.owners, mf.started, a.meeting_id, a.line, g.lt, m.started, m.base, g.n
	FROM (SELECT key, min(meeting_id << 24 | line) fp, max(meeting_id << 24 | line) lp,
			count(DISTINCT meeting_id) n, max(time) lt
		FROM actions WHERE key IN (SELECT key FROM temp.dirty_keys) GROUP BY key) g
	JOIN actions a ON a.key = g.key AND a.meeting_id = g.lp >> 24 AND a.line = g.lp & 16777215
	JOIN meetings m ON m.id = a.meeting_id
	JOIN meetings mf ON mf.id = g.fp >> 24`,
	// A closing by hand counts from the moment of a reopening, one in
	// a meeting only after it (the reopening was made having seen it).
	// The item's series and normalised text are its first mention's
	// (all its mentions have the same: they are in its key).
	`UPDATE action_items SET (done_time, done_by, done_in, done_base) = (
		SELECT c.time, c.nick, CASE c.source WHEN 'log' THEN c.meeting_id END,
			CASE c.source WHEN 'log' THEN (SELECT base FROM meetings WHERE id = c.meeting_id) END
		FROM closings c
		WHERE (c.key = action_items.key OR (c.series = (SELECT m.series FROM meetings m WHERE m.id = action_items.first_id)
				AND c.norm = (SELECT a.norm FROM actions a WHERE a.key = action_items.key LIMIT 1)))
			AND c.time >= action_items.last_time
			AND c.time > coalesce((SELECT r.time FROM reopened r WHERE r.key = action_items.key), -2) - (c.source = 'file')
		ORDER BY c.time, c.id LIMIT 1)
	WHERE key IN (SELECT key FROM temp.dirty_keys)`,
}

// dirtyItemsSQL reads the dirty items' rows as item_owners needs them.
const dirtyItemsSQL = `SELECT ai.owners, ai.first_id, ai.first_line, ai.key, ai.cid, ai.done_time IS NULL
	FROM temp.dirty_keys d CROSS JOIN action_items ai ON ai.key = d.key`

func recomputeActions(ctx context.Context, tx *sql.Tx) error {
	if err := eachOwner(ctx, tx, `DELETE FROM item_owners WHERE lnick = ? AND first_id = ? AND first_line = ? AND key = ?`, false); err != nil {
		return err
	}
	for _, q := range recomputeSQL {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := eachOwner(ctx, tx, `INSERT OR IGNORE INTO item_owners(lnick, first_id, first_line, key, cid, open)
		VALUES(?, ?, ?, ?, ?, ?)`, true); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM temp.dirty_keys`)
	return err
}

// eachOwner runs stmt once per folded owner of each dirty item as
// action_items holds it now, with the owner and the item's primary key
// (and, with all, its channel and whether it is open). Before the
// items are computed again this deletes exactly the item_owners rows an
// earlier recomputeActions inserted from the same row.
func eachOwner(ctx context.Context, tx *sql.Tx, stmt string, all bool) error {
	type row struct {
		owners, key             string
		cid, firstID, firstLine int64
		open                    bool
	}
	var items []row
	rows, err := tx.QueryContext(ctx, dirtyItemsSQL)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.owners, &r.firstID, &r.firstLine, &r.key, &r.cid, &r.open); err != nil {
			rows.Close()
			return err
		}
		items = append(items, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	st, err := tx.PrepareContext(ctx, stmt)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, r := range items {
		for _, o := range strings.Fields(r.owners) {
			args := []any{meeting.FoldNick(o), r.firstID, r.firstLine, r.key}
			if all {
				args = append(args, r.cid, r.open)
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// closingRecord is one line of .gavel-actions.json: a closing by hand
// (Done) or a reopening (not Done).
type closingRecord struct {
	ID     string    `json:"id"`
	Series string    `json:"series"`
	Text   string    `json:"text,omitempty"`
	Done   bool      `json:"done"`
	Time   time.Time `json:"time"`
	By     string    `json:"by,omitempty"`
}

// ErrNoAction is returned by MarkDone and Reopen for an unknown or
// ambiguous ID.
var ErrNoAction = errors.New("no such action item")

// findAction is the action item whose ID is id or starts with it (at
// least 4 digits, '#' allowed in front).
func (a *Archive) findAction(ctx context.Context, id string) (*Action, error) {
	id = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(id), "#"))
	if len(id) < 4 {
		return nil, fmt.Errorf("%w: %q (give at least 4 digits of the ID)", ErrNoAction, id)
	}
	rows, err := a.db.QueryContext(ctx, `SELECT key FROM action_items WHERE key >= ? AND key < ? ORDER BY key LIMIT 2`, id, id+"\xff")
	if err != nil {
		return nil, err
	}
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, err
		}
		keys = append(keys, k)
	}
	rows.Close()
	switch len(keys) {
	case 0:
		return nil, fmt.Errorf("%w: %q", ErrNoAction, id)
	case 2:
		return nil, fmt.Errorf("%w: %q is ambiguous", ErrNoAction, id)
	}
	acts, err := a.Actions(ctx, ActionFilter{ID: keys[0]})
	if err != nil {
		return nil, err
	}
	if len(acts) != 1 {
		return nil, fmt.Errorf("%w: %q", ErrNoAction, id)
	}
	return &acts[0], nil
}

// MarkDone closes an action item by hand: id is its ID (or a unique
// prefix of at least 4 digits), by who closed it, at when. The closing is
// appended to .gavel-actions.json, so rebuilding the index keeps it.
func (a *Archive) MarkDone(ctx context.Context, id, by string, at time.Time) (*Action, error) {
	return a.setDone(ctx, id, by, at, true)
}

// Reopen undoes the closing of an action item, by hand or by a #done
// line in a meeting: it is open again until closed after at. Kept in
// .gavel-actions.json like closings by hand.
func (a *Archive) Reopen(ctx context.Context, id, by string, at time.Time) (*Action, error) {
	return a.setDone(ctx, id, by, at, false)
}

func (a *Archive) setDone(ctx context.Context, id, by string, at time.Time, done bool) (*Action, error) {
	if a.ReadOnly {
		return nil, ErrReadOnly
	}
	found, err := a.findAction(ctx, id)
	if err != nil {
		return nil, err
	}
	rec := closingRecord{ID: found.ID, Series: found.series, Text: found.Text, Done: done, Time: at.UTC(), By: by}
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	a.wr.Lock()
	defer a.wr.Unlock()
	p := filepath.Join(a.Dir, ActionsName)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
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
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := beginDirty(ctx, tx); err != nil {
		return nil, err
	}
	if err := applyRecord(ctx, tx, rec); err != nil {
		return nil, err
	}
	if err := recomputeActions(ctx, tx); err != nil {
		return nil, err
	}
	if err := saveClosingsStamp(ctx, tx, p); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return a.findAction(ctx, found.ID)
}

// applyRecord writes one record of .gavel-actions.json into the index
// and marks its item dirty.
func applyRecord(ctx context.Context, tx *sql.Tx, r closingRecord) error {
	var err error
	if r.Done {
		_, err = tx.ExecContext(ctx, `INSERT INTO closings(meeting_id, series, norm, key, nick, time, source)
			VALUES(0, ?, '', ?, ?, ?, 'file')`, r.Series, r.ID, r.By, r.Time.Unix())
	} else {
		// A reopening drops the closings by hand before it.
		if _, err = tx.ExecContext(ctx, `DELETE FROM closings WHERE source = 'file' AND key = ?`, r.ID); err == nil {
			_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO reopened(key, time) VALUES(?, ?)`, r.ID, r.Time.Unix())
		}
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO temp.dirty_keys(key) VALUES(?)`, r.ID)
	}
	return err
}

// closingsStamp is the size and mtime of .gavel-actions.json, so Open
// reads it again only when someone else changed it.
func closingsStamp(p string) string {
	fi, err := os.Stat(p)
	if err != nil {
		return "none"
	}
	return fmt.Sprintf("%d:%d", fi.Size(), fi.ModTime().UnixNano())
}

func saveClosingsStamp(ctx context.Context, tx *sql.Tx, p string) error {
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO meta(k, v) VALUES('closings', ?)`, closingsStamp(p))
	return err
}

// loadClosings replaces the closings and reopenings by hand in the index
// with those of .gavel-actions.json, when the file changed since it was
// last read (or always, with force). Bad lines are skipped.
func (a *Archive) loadClosings(ctx context.Context, force bool) error {
	p := filepath.Join(a.Dir, ActionsName)
	if !force {
		var v string
		if err := a.db.QueryRowContext(ctx, `SELECT v FROM meta WHERE k = 'closings'`).Scan(&v); err == nil && v == closingsStamp(p) {
			return nil
		}
	}
	var recs []closingRecord
	f, err := os.Open(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return err
	default:
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var r closingRecord
			if json.Unmarshal(sc.Bytes(), &r) == nil && r.ID != "" {
				recs = append(recs, r)
			}
		}
		f.Close()
	}
	return a.writeTx(ctx, func(tx *sql.Tx) error {
		if err := beginDirty(ctx, tx); err != nil {
			return err
		}
		for _, q := range []string{
			`INSERT OR IGNORE INTO temp.dirty_keys SELECT key FROM closings WHERE source = 'file'`,
			`INSERT OR IGNORE INTO temp.dirty_keys SELECT key FROM reopened`,
			`DELETE FROM closings WHERE source = 'file'`,
			`DELETE FROM reopened`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		for _, r := range recs {
			if err := applyRecord(ctx, tx, r); err != nil {
				return err
			}
		}
		if err := recomputeActions(ctx, tx); err != nil {
			return err
		}
		if err := saveClosingsStamp(ctx, tx, p); err != nil {
			return err
		}
		return nil
	})
}
