package archive

import (
	"fmt"
	"path"
	"strings"
	"testing"
)

// TestRankingDecidingMeetingFirst is the ranking test set: for each term,
// the meeting that decided it comes first, even though later meetings
// (newer, so first by date) mention it more often in chatter, in #info,
// or under a topic of that name.
func TestRankingDecidingMeetingFirst(t *testing.T) {
	a := openTemp(t)
	src := t.TempDir()
	chatter := func(term string, n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("bob I still think %s needs work, round %d", term, i))
		}
		return out
	}
	decided := map[string]string{} // term → file of the deciding meeting
	terms := []string{"zeppelin", "kerberos", "monorepo", "mirrorbrain"}
	for i, term := range terms {
		day := 2 + i*3
		file := fmt.Sprintf("infra.2026-03-%02d-15.00.log.txt", day)
		lines := []string{"alice #startmeeting infra", "alice #topic Hosting", "carol proposal: adopt " + term}
		lines = append(lines, "dave +1", "erin +1", "alice #agreed adopt "+term+" for the build farm", "alice #endmeeting")
		meetingLog(t, src, file, lines...)
		decided[term] = strings.TrimSuffix(file, ".log.txt")
		// Later meetings talk about it a lot.
		for k := 1; k <= 2; k++ {
			later := []string{"alice #startmeeting infra", "alice #topic " + term + " follow-up", "alice #info " + term + " rollout is slow"}
			later = append(later, chatter(term, 75-25*k)...)
			later = append(later, "alice #endmeeting")
			meetingLog(t, src, fmt.Sprintf("infra.2026-03-%02d-15.00.log.txt", day+k), later...)
		}
	}
	if st, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil || len(st.Errors) != 0 {
		t.Fatalf("%v %+v", err, st)
	}
	for _, term := range terms {
		t.Run(term, func(t *testing.T) {
			res, err := a.SearchMeetings(ctx, term, SearchOptions{})
			if err != nil || len(res.Meetings) != 3 {
				t.Fatalf("%+v %v", res, err)
			}
			first := res.Meetings[0]
			if path.Base(first.Meeting.Base) != decided[term] || first.Decisions != 1 {
				var got []string
				for _, m := range res.Meetings {
					got = append(got, fmt.Sprintf("%s score %d", path.Base(m.Meeting.Base), m.Score))
				}
				t.Fatalf("first is not the deciding meeting %s: %q", decided[term], got)
			}
			if h := first.Hits; len(h) == 0 || h[0].Kind != "item" || h[0].Type != "AGREED" || !strings.Contains(h[0].Marked, MarkStart+term+MarkEnd) {
				t.Fatalf("best hit of the deciding meeting: %+v", h)
			}
			// More matching lines rank higher: the older meeting with 50
			// lines of chatter before the newer one with 25.
			if res.Meetings[1].Lines <= res.Meetings[2].Lines {
				t.Fatalf("chatter order: %d then %d lines", res.Meetings[1].Lines, res.Meetings[2].Lines)
			}
			// --sort newest: the latest meeting first.
			nw, err := a.SearchMeetings(ctx, term, SearchOptions{Sort: SortNewest})
			if err != nil || len(nw.Meetings) != 3 || !nw.Meetings[0].Meeting.Started.After(nw.Meetings[1].Meeting.Started) ||
				!nw.Meetings[1].Meeting.Started.After(nw.Meetings[2].Meeting.Started) {
				t.Fatalf("newest: %+v %v", nw, err)
			}
		})
	}
}

// TestTooCommonFallsBackToNewest: a term matching more lines than are
// ranked is answered newest first, and says so.
func TestTooCommonFallsBackToNewest(t *testing.T) {
	a, _ := importedArchive(t, 6, 160, 300)
	defer func(c int) { rankCap = c }(rankCap)
	rankCap = 10
	res, err := a.SearchMeetings(ctx, "proposal", SearchOptions{Meetings: 4})
	if err != nil || !res.TooCommon || res.Sort != SortNewest || len(res.Meetings) != 4 {
		t.Fatalf("%+v %v", res, err)
	}
	for i := 1; i < len(res.Meetings); i++ {
		if res.Meetings[i].Meeting.ID >= res.Meetings[i-1].Meeting.ID {
			t.Fatalf("not newest first at %d", i)
		}
	}
	if m := res.Meetings[0]; m.Lines == 0 || len(m.Hits) == 0 {
		t.Fatalf("newest meeting without its hits: %+v", m)
	}
}

// TestTooCommonAnswersAsNewest: a query too common to rank is answered
// exactly as --sort newest answers it, whether from the rows the ranking
// already read (when they cover the newest meetings) or by reading the
// table again (when they do not); both ways are taken here.
func TestTooCommonAnswersAsNewest(t *testing.T) {
	a, _ := importedArchive(t, 12, 0, 40)
	defer func(c int) { rankCap = c }(rankCap)
	reused, again := 0, 0
	for _, q := range []string{"proposal", "schedule", "sched*", `"agree"`, "beta OR freeze", "agenda"} {
		for _, limit := range []int{3, 40, 400} {
			for _, n := range []int{1, 3, 5} {
				rankCap = limit
				_, read, err := a.rank(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if read == nil {
					continue // ranked: not this test's case
				}
				for _, rr := range read {
					if !rr.truncated {
						continue
					}
					if rr.covers(n) {
						reused++
					} else {
						again++
					}
				}
				got, err := a.SearchMeetings(ctx, q, SearchOptions{Meetings: n})
				if err != nil || !got.TooCommon {
					t.Fatalf("%s, rankCap %d: %+v %v", q, limit, got, err)
				}
				want, err := a.SearchMeetings(ctx, q, SearchOptions{Meetings: n, Sort: SortNewest})
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprintf("%+v", got.Meetings) != fmt.Sprintf("%+v", want.Meetings) {
					t.Fatalf("%s, rankCap %d, %d meetings: too common gives\n%+v\nnewest gives\n%+v", q, limit, n, got.Meetings, want.Meetings)
				}
				if len(got.Meetings) != n {
					t.Fatalf("%s: %d meetings, want %d", q, len(got.Meetings), n)
				}
			}
		}
	}
	t.Logf("reused %d, again %d", reused, again)
	if reused == 0 || again == 0 {
		t.Fatalf("answered from the ranking's rows %d times, by reading again %d times: want both", reused, again)
	}
}
