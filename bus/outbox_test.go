package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting/journal"
)

func evs(ids ...string) []Event {
	out := make([]Event, len(ids))
	for i, id := range ids {
		out[i] = Event{ID: id, Topic: "t", Body: []byte(`{}`)}
	}
	return out
}

func pendingIDs(o *Outbox) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var ids []string
	for _, e := range o.pending {
		ids = append(ids, e.ID)
	}
	return strings.Join(ids, ",")
}

// TestOutboxReopen: what was added and not acknowledged is pending again,
// in order, after a reopen (a restart or a kill -9); acknowledged and
// duplicate ids are not added again.
func TestOutboxReopen(t *testing.T) {
	tests := []struct {
		name  string
		steps func(t *testing.T, o *Outbox)
		tail  string // bytes appended to the file before reopening
		want  string // pending after reopen
		readd []string
		after string // pending after re-adding readd
	}{
		{"nothing acked", func(t *testing.T, o *Outbox) { o.Add(evs("a", "b", "c")...) }, "", "a,b,c", nil, "a,b,c"},
		{"some acked", func(t *testing.T, o *Outbox) {
			o.Add(evs("a", "b", "c")...)
			mustAck(t, o, "a")
			mustAck(t, o, "b")
		}, "", "c", []string{"a", "b", "c", "d"}, "c,d"},
		{"duplicates dropped", func(t *testing.T, o *Outbox) {
			o.Add(evs("a", "b")...)
			o.Add(evs("b", "a", "c")...)
		}, "", "a,b,c", nil, "a,b,c"},
		{"torn tail", func(t *testing.T, o *Outbox) { o.Add(evs("a")...) }, `{"add":{"id":"b","to`, "a", []string{"b"}, "a,b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "outbox.jsonl")
			o, err := OpenOutbox(path)
			if err != nil {
				t.Fatal(err)
			}
			tc.steps(t, o)
			o.Close()
			if tc.tail != "" {
				f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
				f.WriteString(tc.tail)
				f.Close()
			}
			o, err = OpenOutbox(path)
			if err != nil {
				t.Fatal(err)
			}
			defer o.Close()
			if got := pendingIDs(o); got != tc.want {
				t.Fatalf("pending after reopen %q, want %q", got, tc.want)
			}
			if err := o.Add(evs(tc.readd...)...); err != nil {
				t.Fatal(err)
			}
			if got := pendingIDs(o); got != tc.after {
				t.Fatalf("pending after re-adding %q, want %q", got, tc.after)
			}
		})
	}
}

func mustAck(t *testing.T, o *Outbox, id string) {
	t.Helper()
	if err := o.Ack(id); err != nil {
		t.Fatal(err)
	}
}

// flaky fails every send while down and records what it delivered.
type flaky struct {
	mu   sync.Mutex
	down bool
	got  []string
}

func (f *flaky) Send(_ context.Context, ev Event) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return errors.New("broker down")
	}
	f.got = append(f.got, ev.ID)
	return nil
}
func (f *flaky) Close() error { return nil }
func (f *flaky) Name() string { return "flaky" }
func (f *flaky) set(down bool) {
	f.mu.Lock()
	f.down = down
	f.mu.Unlock()
}

// TestPublisherOutage: while the sink fails, events wait; when it is back
// they go out once each, in order.
func TestPublisherOutage(t *testing.T) {
	retryMin, retryMax = time.Millisecond, 5*time.Millisecond
	o, err := OpenOutbox(filepath.Join(t.TempDir(), "o.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	sink := &flaky{}
	b := &Bus{pubs: []*Publisher{{Outbox: o, Sink: sink, log: discard()}}}
	b.Start()
	defer b.Close()
	var want []string
	for i := range 300 {
		id := fmt.Sprint(i)
		want = append(want, id)
		if i == 100 {
			sink.set(true)
		}
		if i == 200 {
			if n := o.Len(); n < 50 {
				t.Fatalf("only %d events wait while the sink is down", n)
			}
			sink.set(false)
		}
		if err := b.Publish(evs(id)); err != nil {
			t.Fatal(err)
		}
	}
	if left := b.Drain(10 * time.Second); left != 0 {
		t.Fatalf("%d events never went out", left)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if strings.Join(sink.got, ",") != strings.Join(want, ",") {
		t.Fatalf("delivered %d events, out of order or repeated: %v", len(sink.got), sink.got)
	}
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// TestOutboxOneWriter: a second open of an outbox in use is refused (it
// would compact the file under the first one's feet); after Close it opens.
func TestOutboxOneWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "o.jsonl")
	o, err := OpenOutbox(path)
	if err != nil {
		t.Fatal(err)
	}
	o.Add(evs("a")...)
	var locked *journal.LockedError
	if _, err := OpenOutbox(path); !errors.As(err, &locked) || locked.PID != os.Getpid() {
		t.Fatalf("second open: %v, want a LockedError naming us", err)
	}
	o.Close()
	o, err = OpenOutbox(path)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if pendingIDs(o) != "a" {
		t.Fatalf("pending %q after reopen", pendingIDs(o))
	}
}

// TestStranded: an outbox of a sink no longer configured that still holds
// events is reported, not silently forgotten; an empty one is not.
func TestStranded(t *testing.T) {
	dir := t.TempDir()
	old, _ := filepath.Abs(filepath.Join(t.TempDir(), "old.jsonl"))
	b, err := Open(Config{Specs: []string{"file:" + old}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	b.Publish(evs("x", "y")) // not started: they stay pending
	b.Close()
	drained := filepath.Join(t.TempDir(), "drained.jsonl")
	b, _ = Open(Config{Specs: []string{"file:" + drained}, Dir: dir})
	b.Close()

	now := filepath.Join(t.TempDir(), "now.jsonl")
	b, err = Open(Config{Specs: []string{"file:" + now}, Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if want := OutboxPath(dir, "file:"+old, "file:"+old); len(b.Stranded) != 1 || b.Stranded[0].Pending != 2 || b.Stranded[0].Path != want {
		t.Fatalf("stranded %+v, want the old sink's outbox with 2 events", b.Stranded)
	}
}
