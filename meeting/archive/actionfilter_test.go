package archive

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// filterArchive is an archive of generated meetings (several channels,
// names and owners) with every third item closed by hand, and all its
// items oldest first.
func filterArchive(t *testing.T) (*Archive, []Action) {
	t.Helper()
	a := openTemp(t)
	src := t.TempDir()
	genLogs(t, src, 24, 0, 40)
	if st, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil || len(st.Errors) != 0 {
		t.Fatalf("%v %v", err, st)
	}
	all, err := a.Actions(ctx, ActionFilter{})
	if err != nil || len(all) < 30 {
		t.Fatalf("%d items, %v", len(all), err)
	}
	for i := 0; i < len(all); i += 3 {
		if _, err := a.MarkDone(ctx, all[i].ID, "erin", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
	}
	if all, err = a.Actions(ctx, ActionFilter{}); err != nil {
		t.Fatal(err)
	}
	return a, all
}

// actionFilters are the filters the tests try, named, built from the
// archive's own items so that each selects some but not all of them.
func actionFilters(all []Action) []struct {
	name string
	f    ActionFilter
} {
	// The busiest owner, and an open item of theirs: its owner, channel
	// and name select some items (open and done), but not all.
	n := map[string]int{}
	for _, ac := range all {
		for _, o := range ac.Owners {
			n[meeting.FoldNick(o)]++
		}
	}
	var x Action
	for _, ac := range all {
		if !ac.Done && len(ac.Owners) > 0 && (x.ID == "" || n[meeting.FoldNick(ac.Owners[0])] > n[meeting.FoldNick(x.Owners[0])]) {
			x = ac
		}
	}
	who := strings.ToUpper(x.Owners[0]) // owners match whatever the case
	return []struct {
		name string
		f    ActionFilter
	}{
		{"everything", ActionFilter{}},
		{"open", ActionFilter{Open: true}},
		{"done", ActionFilter{Done: true}},
		{"who", ActionFilter{Who: who}},
		{"who open", ActionFilter{Who: who, Open: true}},
		{"who done", ActionFilter{Who: who, Done: true}},
		{"channel", ActionFilter{Channel: x.Channel}},
		{"channel without #", ActionFilter{Channel: strings.TrimPrefix(x.Channel, "#"), Open: true}},
		{"name", ActionFilter{Name: strings.ToUpper(x.Name)}},
		{"channel name", ActionFilter{Channel: x.Channel, Name: x.Name}},
		{"channel name open", ActionFilter{Channel: x.Channel, Name: x.Name, Open: true}},
		{"who channel open", ActionFilter{Who: who, Channel: x.Channel, Open: true}},
		{"id", ActionFilter{ID: x.ID}},
		{"meeting", ActionFilter{MeetingID: x.MeetingID}},
	}
}

// matches is the filter in Go, the reference the SQL is held to.
func matches(f ActionFilter, ac Action) bool {
	switch {
	case f.Who != "" && !slices.ContainsFunc(ac.Owners, func(o string) bool { return meeting.FoldNick(o) == meeting.FoldNick(f.Who) }):
	case f.Channel != "" && !strings.EqualFold(ac.Channel, NormChannel(f.Channel)):
	case f.Name != "" && !strings.EqualFold(ac.Name, f.Name):
	case f.ID != "" && ac.ID != f.ID:
	case f.MeetingID != 0 && ac.MeetingID != f.MeetingID:
	case f.Open && ac.Done, f.Done && !ac.Done:
	default:
		return true
	}
	return false
}

func ids(acts []Action) []string {
	out := make([]string, len(acts))
	for i, ac := range acts {
		out[i] = ac.ID
	}
	return out
}

func TestActionFilters(t *testing.T) {
	a, all := filterArchive(t)
	for _, tc := range actionFilters(all) {
		t.Run(tc.name, func(t *testing.T) {
			var want []string
			for _, ac := range all {
				if matches(tc.f, ac) {
					want = append(want, ac.ID)
				}
			}
			// Each filter selects some items, and all only with no filter.
			if len(want) == 0 || (tc.f != ActionFilter{}) && len(want) == len(all) {
				t.Fatalf("filter selects %d of %d: pick another", len(want), len(all))
			}
			got, err := a.Actions(ctx, tc.f)
			if err != nil || !slices.Equal(ids(got), want) {
				t.Fatalf("listed %v (%v), want %v", ids(got), err, want)
			}
			n, err := a.CountActions(ctx, tc.f)
			if err != nil || n != len(want) {
				t.Fatalf("count %d (%v), want %d", n, err, len(want))
			}
			// Newest first is the same items the other way round, and a
			// limit keeps the first ones of either order (the count stays).
			f := tc.f
			f.Newest, f.Limit = true, 2
			got, err = a.Actions(ctx, f)
			rev := slices.Clone(want)
			slices.Reverse(rev)
			if err != nil || !slices.Equal(ids(got), rev[:min(2, len(rev))]) {
				t.Fatalf("newest 2: %v (%v), want %v", ids(got), err, rev[:min(2, len(rev))])
			}
			if n, _ := a.CountActions(ctx, f); n != len(want) {
				t.Fatalf("count with a limit %d, want %d", n, len(want))
			}
		})
	}
}

// EachAction stops at fn's error and returns it.
func TestEachActionStops(t *testing.T) {
	a, all := filterArchive(t)
	n := 0
	err := a.EachAction(ctx, ActionFilter{}, func(ac *Action) error {
		if n++; n == 3 {
			return ErrNoAction
		}
		return nil
	})
	if err != ErrNoAction || n != 3 || len(all) <= 3 {
		t.Fatalf("err %v after %d of %d", err, n, len(all))
	}
}

// Every unbounded filter reads an index in the listing order: no sort of
// the matching rows and no scan of the whole table (the cost is per item
// listed, and a limit stops early). The ID and meeting filters select a
// handful of items and may sort them.
func TestActionPlans(t *testing.T) {
	a, all := filterArchive(t)
	for _, tc := range actionFilters(all) {
		for _, newest := range []bool{false, true} {
			f := tc.f
			f.Newest, f.Limit = newest, 100
			q, args := actionListSQL(f)
			plan := explain(t, a.db, q, args)
			bounded := f.ID != "" || f.MeetingID != 0
			if !bounded && strings.Contains(plan, "TEMP B-TREE") {
				t.Errorf("%s (newest %v) sorts:\n%s", tc.name, newest, plan)
			}
			if (f != ActionFilter{Newest: newest, Limit: 100}) && fullScan(plan) {
				t.Errorf("%s (newest %v) scans every item:\n%s", tc.name, newest, plan)
			}
			// An owner's items are read by primary key, once: not found in
			// a secondary index first (it holds the same key) and read again.
			if f.Who != "" && !strings.Contains(plan, "SEARCH ai USING PRIMARY KEY") {
				t.Errorf("%s (newest %v) reads items through an index:\n%s", tc.name, newest, plan)
			}
		}
		from, where, args := actionQuery(tc.f)
		if plan := explain(t, a.db, "SELECT count(*) FROM "+from+where, args); tc.f != (ActionFilter{}) && fullScan(plan) {
			t.Errorf("count %s scans every item:\n%s", tc.name, plan)
		}
	}
}

// fullScan reports whether a plan reads all of action_items or
// item_owners by their rows rather than a range of an index.
func fullScan(plan string) bool {
	for _, l := range strings.Split(plan, "\n") {
		if l == "SCAN ai" || l == "SCAN o" {
			return true
		}
	}
	return false
}

// explain is SQLite's plan of q, one step a line, as db (the archive's
// pool or a transaction, whose connection holds its temp tables) runs it.
func explain(t *testing.T, db interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, q string, args []any) string {
	t.Helper()
	rows, err := db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}
