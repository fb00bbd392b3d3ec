package archive

import (
	"testing"
)

// TestNickFiltersFoldLikeIRC: the archive's person and owner filters fold
// nicks as the engine (and the server) does, so x[m] is X{M}.
func TestNickFiltersFoldLikeIRC(t *testing.T) {
	a := openTemp(t)
	src := t.TempDir()
	meetingLog(t, src, "team.2026-01-05-15.00.log.txt",
		"alice #startmeeting", "x[m] hello", "alice #action x[m] fix the bridge", "alice #endmeeting")
	if _, err := a.Import(ctx, []string{src}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"x[m]", "X{M}", "x{m}"} {
		ms, err := a.Meetings(ctx, MeetingFilter{Person: who})
		if err != nil || len(ms) != 1 {
			t.Errorf("meetings with %q: %d %v", who, len(ms), err)
		}
		acts, err := a.Actions(ctx, ActionFilter{Who: who})
		if err != nil || len(acts) != 1 {
			t.Errorf("actions of %q: %d %v", who, len(acts), err)
		}
	}
}
