package bus

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzDerive: whatever participants say, deriving events never panics,
// every body is valid JSON, ids are unique, and folding the same lines
// again gives the same ids.
func FuzzDerive(f *testing.F) {
	f.Add(strings.Join(script, "\n"))
	f.Add("a: #startmeeting\nb: #action b\\x00\xff does it\na: #undo\na: #undo\na: #endmeeting\na: #startmeeting again")
	f.Add("a: #startmeeting <script>\na: #startvote q? x, y\nb: #vote x\na: #endvote\na: #agreed yes\n\nb: +1")
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Split(text, "\n")
		if len(lines) > 200 {
			lines = lines[:200]
		}
		src := Source{Network: "n", Channel: "#c"}
		a, b := fold(src, lines...), fold(src, lines...)
		seen := map[string]bool{}
		for i, e := range a {
			if e.ID != b[i].ID || seen[e.ID] {
				t.Fatalf("event %d (%s): id %s not unique or not deterministic", i, e.Topic, e.ID)
			}
			seen[e.ID] = true
			if !json.Valid(e.Body) {
				t.Fatalf("event %d: body %q", i, e.Body)
			}
		}
	})
}
