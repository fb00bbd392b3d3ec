package bus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenSink: each --events form opens its sink; names never show a
// password; other forms are refused.
func TestOpenSink(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		spec, name, err string
	}{
		{"-", "stdout", ""},
		{"file:" + filepath.Join(dir, "ev.jsonl"), "file:" + filepath.Join(dir, "ev.jsonl"), ""},
		{"amqp://gavel:s3cret@broker.example:5672/%2Fpubsub", "amqp://gavel:xxxxx@broker.example:5672/%2Fpubsub", ""},
		{"amqps://broker.example/", "amqps://broker.example/", ""},
		{"file:", "", "needs a path"},
		{"file:" + filepath.Join(dir, "missing", "ev.jsonl"), "", "no such file"},
		{"http://broker.example/", "", "is not amqp://"},
	}
	for _, tc := range tests {
		s, err := OpenSink(tc.spec, Wire{})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.spec, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.spec, err)
			continue
		}
		if s.Name() != tc.name || strings.Contains(s.Name(), "s3cret") {
			t.Errorf("%s: name %q, want %q", tc.spec, s.Name(), tc.name)
		}
		s.Close()
	}
}

// TestFileSinkAppends: the file sink appends one JSON line per event and
// keeps what was there.
func TestFileSinkAppends(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ev.jsonl")
	os.WriteFile(p, []byte("earlier\n"), 0o600)
	s, err := OpenSink("file:"+p, Wire{Prefix: "org.x"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"a", "b"} {
		if err := s.Send(context.Background(), Event{ID: id, Topic: TopicStart, Body: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	data, _ := os.ReadFile(p)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 3 || lines[0] != "earlier" || !strings.Contains(lines[1], `"message_id":"a"`) ||
		!strings.Contains(lines[2], `"routing_key":"org.x.meetbot.meeting.start"`) {
		t.Fatalf("file:\n%s", data)
	}
}
