package ircconn

import (
	"testing"
	"time"
)

// TestOnEventsBatches: with OnEvents, events come in the batches that
// queued up while the last batch was handled — every event once, in order
// — so a slow consumer (an fsync per batch) gets bigger batches, not a
// longer queue of single events.
func TestOnEventsBatches(t *testing.T) {
	var got []int
	var batches int
	c := &Client{evwake: make(chan struct{}, 1)}
	c.cfg.OnEvents = func(evs []Event) {
		batches++
		for _, ev := range evs {
			got = append(got, int(ev.Seq))
		}
		time.Sleep(20 * time.Millisecond) // a slow disk
	}
	done := make(chan struct{})
	go c.dispatch(done)
	const n = 200
	for range n {
		c.emit(Event{Type: EventLine})
		time.Sleep(time.Millisecond)
	}
	c.evmu.Lock()
	c.evdone = true
	c.evmu.Unlock()
	c.wakeDispatch()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("dispatch did not end")
	}
	if len(got) != n {
		t.Fatalf("%d events delivered, want %d", len(got), n)
	}
	for i, s := range got {
		if s != i+1 {
			t.Fatalf("event %d has seq %d: out of order or repeated", i, s)
		}
	}
	if batches >= n/2 {
		t.Fatalf("%d batches for %d events: a slow consumer got no bigger batches", batches, n)
	}
	t.Logf("%d events in %d batches", n, batches)
}
