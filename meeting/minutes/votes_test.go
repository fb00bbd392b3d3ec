package minutes

import (
	"bytes"
	"strings"
	"testing"
)

// TestVotesInEveryFormat checks what every minutes format says about
// votes: an undone formal vote is gone (item and Votes section), a
// decision nobody voted on carries no all-zero tally, and a tally taken by
// one decision does not show on the next.
func TestVotesInEveryFormat(t *testing.T) {
	tests := []struct {
		name    string
		lines   []string
		absent  []string // in no summary format
		present map[Format][]string
	}{
		{"undone formal vote", []string{
			"alice #startmeeting",
			"alice #startvote Which colour? red, green",
			"bob #vote green",
			"alice #endvote",
			"alice #undo",
			"alice #endmeeting",
		}, []string{"Which colour", "green"}, nil},
		{"decision nobody voted on", []string{
			"alice #startmeeting",
			"alice #topic t",
			"alice #agreed nothing to vote on",
			"alice #endmeeting",
		}, []string{"+1: 0", `"+1":0`, "+1:0"}, map[Format][]string{FormatText: {"AGREED: nothing to vote on"}}},
		{"rejected then agreed", []string{
			"alice #startmeeting",
			"bob I propose x",
			"carol -1",
			"dave -1",
			"alice #rejected x",
			"alice #agreed y",
			"alice #endmeeting",
		}, []string{"+1: 0, 0: 0, -1: 0", `"+1":0,"0":0,"-1":0`}, map[Format][]string{
			FormatText: {"(+1: 0, 0: 0, -1: 2)"}, FormatMarkdown: {"— +1: 0, 0: 0, -1: 2"},
			FormatHTML: {"(+1: 0, 0: 0, -1: 2)"}, FormatJSON: {`"+1":0,"0":0,"-1":2`}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := fold(t0, tc.lines)
			for _, f := range []Format{FormatHTML, FormatText, FormatMarkdown, FormatJSON} {
				var b bytes.Buffer
				if err := Render(&b, f, m); err != nil {
					t.Fatal(err)
				}
				for _, s := range tc.absent {
					if strings.Contains(b.String(), s) {
						t.Errorf("%s has %q:\n%s", f, s, b.String())
					}
				}
				for _, s := range tc.present[f] {
					if !strings.Contains(b.String(), s) {
						t.Errorf("%s lacks %q:\n%s", f, s, b.String())
					}
				}
			}
		})
	}
}
