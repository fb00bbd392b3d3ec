package ircconn

import (
	"context"
	"sync"
	"time"
)

// outMsg is one queued command. Text is already Clean; pieces made by
// splitting carry split=true and are sent as they are.
type outMsg struct {
	cmd    string // PRIVMSG, NOTICE, ACTION (a CTCP ACTION PRIVMSG), CTCP (a reply), TOPIC, NICK, JOIN, PART, QUIT
	target string
	text   string
	split  bool
}

// sink is where the writer delivers.
type sink interface {
	// budget is the most text bytes one line of m may carry.
	budget(m outMsg) int
	// deliver sends m now; false means not connected (m stays queued).
	deliver(m outMsg) bool
}

// sendQueue is the single writer: an unbounded FIFO that never blocks the
// caller, drained by one goroutine with token-bucket flood control (burst
// lines at once, then one line per interval).
type sendQueue struct {
	burst    int
	interval time.Duration
	now      func() time.Time

	mu     sync.Mutex
	items  []outMsg
	wake   chan struct{}
	tokens float64
	last   time.Time
}

func newSendQueue(burst int, interval time.Duration) *sendQueue {
	return &sendQueue{burst: burst, interval: interval, now: time.Now,
		wake: make(chan struct{}, 1), tokens: float64(burst)}
}

// push appends m. It never blocks.
func (q *sendQueue) push(m outMsg) {
	q.mu.Lock()
	q.items = append(q.items, m)
	q.mu.Unlock()
	q.poke()
}

// poke wakes the writer (new item, or the connection became ready).
func (q *sendQueue) poke() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// len is the number of queued items.
func (q *sendQueue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// take waits for a token; it returns how long to wait (0: token taken).
func (q *sendQueue) take() time.Duration {
	now := q.now()
	if !q.last.IsZero() && q.interval > 0 {
		q.tokens += float64(now.Sub(q.last)) / float64(q.interval)
	} else if q.interval <= 0 {
		q.tokens = float64(q.burst)
	}
	if max := float64(q.burst); q.tokens > max {
		q.tokens = max
	}
	q.last = now
	if q.tokens >= 1 {
		q.tokens--
		return 0
	}
	return time.Duration((1 - q.tokens) * float64(q.interval))
}

// run drains the queue into s until ctx ends.
func (q *sendQueue) run(ctx context.Context, s sink) {
	retry := time.NewTimer(time.Hour)
	defer retry.Stop()
	for {
		q.mu.Lock()
		if len(q.items) == 0 {
			q.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-q.wake:
			}
			continue
		}
		m := q.items[0]
		if !m.split && (m.cmd == "PRIVMSG" || m.cmd == "NOTICE" || m.cmd == "ACTION") {
			pieces := Split(m.text, s.budget(m))
			expanded := make([]outMsg, 0, len(pieces)+len(q.items)-1)
			for _, p := range pieces {
				expanded = append(expanded, outMsg{cmd: m.cmd, target: m.target, text: p, split: true})
			}
			q.items = append(expanded, q.items[1:]...)
			m = q.items[0]
		}
		var wait time.Duration
		if m.cmd != "QUIT" { // QUIT is not paced: it must not wait behind the bucket
			wait = q.take()
		}
		q.mu.Unlock()
		if wait > 0 {
			if !sleepCtx(ctx, wait) {
				return
			}
			continue
		}
		if !s.deliver(m) {
			q.mu.Lock()
			if m.cmd != "QUIT" {
				q.tokens++ // not spent
			}
			q.mu.Unlock()
			// Not connected: wait for a poke (registration) or retry soon.
			retry.Reset(time.Second)
			select {
			case <-ctx.Done():
				return
			case <-q.wake:
			case <-retry.C:
			}
			continue
		}
		q.mu.Lock()
		if len(q.items) > 0 {
			q.items = q.items[1:]
		}
		q.mu.Unlock()
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
