package minutes

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestLogOnlyFormats: a format said to be LogOnly renders the same from
// Meeting.LogMinutes as from the whole Minutes, so the store may start it
// before the items are gathered — and every other format needs the items.
func TestLogOnlyFormats(t *testing.T) {
	paths, _ := filepath.Glob("testdata/meetbot/*.log.txt")
	if len(paths) == 0 {
		t.Fatal("no logs in testdata/meetbot")
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		ms := importMeetings(t, f, p, "#c")
		f.Close()
		for _, mt := range ms {
			for _, f := range AllFormats {
				var part, whole bytes.Buffer
				if err := Render(&part, f, mt.LogMinutes()); err != nil {
					t.Fatal(err)
				}
				if err := Render(&whole, f, mt.Minutes()); err != nil {
					t.Fatal(err)
				}
				if same := bytes.Equal(part.Bytes(), whole.Bytes()); same != f.LogOnly() {
					t.Errorf("%s, %s: the same from LogMinutes as from Minutes: %v, want %v", filepath.Base(p), f, same, f.LogOnly())
				}
			}
		}
	}
}
