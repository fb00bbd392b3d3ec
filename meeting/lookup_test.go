package meeting

import (
	"fmt"
	"testing"
)

// TestItemOfLine: the item a line made, as it stands after later lines —
// an agreed item with its tally, an action with its owners, a closed vote
// with its result; nothing for a line that made no item of that type.
func TestItemOfLine(t *testing.T) {
	m, _, _ := fold(t,
		"10:00:00 <alice> #startmeeting",
		"10:00:01 <bob> I propose we ship",
		"10:00:02 <carol> +1",
		"10:00:03 <alice> #agreed we ship",
		"10:00:04 <alice> #action bob and carol test",
		"10:00:05 <alice> #startvote colour? red, blue",
		"10:00:06 <bob> #vote red",
		"10:00:07 <alice> #endvote",
		"10:00:08 <alice> just talking",
	)
	tests := []struct {
		line int
		typ  ItemType
		want string
	}{
		{4, TypeAgreed, "we ship +1:1"},
		{5, TypeAction, "bob and carol test [bob carol]"},
		{8, TypeVote, "red"},
		{9, TypeInfo, "none"},
		{4, TypeAction, "none"},
	}
	for _, tc := range tests {
		it, ok := m.ItemOfLine(tc.line, tc.typ)
		got := "none"
		switch {
		case !ok:
		case it.Tally != nil:
			got = fmt.Sprintf("%s +1:%d", it.Text, it.Tally.Plus)
		case it.Vote != nil:
			got = it.Vote.Outcome
		default:
			got = fmt.Sprintf("%s %v", it.Text, it.Owners)
		}
		if got != tc.want {
			t.Errorf("line %d %s: %q, want %q", tc.line, tc.typ, got, tc.want)
		}
	}
}
