package main

import (
	"sync"

	tea "charm.land/bubbletea/v2"
)

// viewQueue hands messages to the Bubble Tea program in order without
// ever making the IRC side wait: they queue in memory until the program
// runs (the chair connects before the screen opens) and while it is busy.
type viewQueue struct {
	mu     sync.Mutex
	wake   chan struct{}
	msgs   []tea.Msg
	closed bool
}

func newViewQueue() *viewQueue { return &viewQueue{wake: make(chan struct{}, 1)} }

// send queues a message; after close it is dropped (the screen is gone).
func (q *viewQueue) send(m tea.Msg) {
	q.mu.Lock()
	if !q.closed {
		q.msgs = append(q.msgs, m)
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// run delivers the queued messages to prog, in order, until close.
func (q *viewQueue) run(prog *tea.Program) {
	for range q.wake {
		q.mu.Lock()
		msgs, closed := q.msgs, q.closed
		q.msgs = nil
		q.mu.Unlock()
		for _, m := range msgs {
			prog.Send(m)
		}
		if closed {
			return
		}
	}
}

// close stops run once it has delivered what is queued.
func (q *viewQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}
