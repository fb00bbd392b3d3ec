package minutes

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// TestJSONMatchesEncodingJSON: the streaming writer produces exactly the
// document encoding/json would, field for field.
func TestJSONMatchesEncodingJSON(t *testing.T) {
	m := meeting.New(meeting.Config{Channel: "#c"})
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i, s := range []string{"#startmeeting <b>&", "#topic T", "propose x", "+1", "#agreed x", "#action bob \x1b[31m", "#startvote Q? a, b", "#vote a", "#endvote", "#endmeeting"} {
		m.Apply(meeting.Line{Time: at.Add(time.Duration(i) * time.Second), Nick: "bob", Text: s})
	}
	min := m.Minutes()
	var streamed bytes.Buffer
	if err := JSON(&streamed, min); err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	if err := json.Unmarshal(streamed.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, streamed.String())
	}
	plain, _ := json.Marshal(min)
	json.Unmarshal(plain, &want)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("streamed JSON differs:\n%s\nwant\n%s", streamed.String(), plain)
	}
	for _, key := range []string{"channel", "name", "meeting_topic", "owner", "started", "ended", "chairs", "topics", "prologue", "actions", "votes", "people"} {
		if _, ok := got[key]; !ok {
			t.Errorf("missing key %q", key)
		}
	}
	if bytes.Contains(streamed.Bytes(), []byte("\\u003c")) {
		t.Error("HTML characters escaped")
	}
}
